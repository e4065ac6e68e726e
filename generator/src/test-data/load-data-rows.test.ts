import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataSourceSpec } from '../scenario';
import { DataFileError, loadDataRows } from '.';

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaletrace-load-data-')); });
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe('loadDataRows', () => {
  it('reads each file once for this share: two sources of one file share its row objects', () => {
    const file = path.join(dir, 'users.csv');
    fs.writeFileSync(file, 'email\na@example.com\nb@example.com\nc@example.com\n');
    const specs: DataSourceSpec[] = [
      { name: 'login', file, format: 'csv', pick: 'unique' },
      { name: 'other', file, format: 'csv', pick: 'sequential' },
    ];
    const rows = loadDataRows(specs, { index: 1, count: 2 });
    const data = rows.draw();
    expect(data).toEqual({ login: { email: 'b@example.com' }, other: { email: 'b@example.com' } });
    expect(data?.login).toBe(data?.other);
    expect(rows.draw()).toBeUndefined();
  });

  it('passes a data file problem on as a DataFileError', () => {
    const file = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(file, '{"a":1}\n[1]\n');
    expect(() => loadDataRows([{ name: 'p', file, format: 'jsonl', pick: 'random' }], { index: 0, count: 1 }))
      .toThrow(new DataFileError(file, 2, 'expected a JSON object, found an array'));
  });
});
