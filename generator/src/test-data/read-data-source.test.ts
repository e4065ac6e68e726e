import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFileError, readDataSource, type DataTable } from '.';

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaletrace-test-data-')); });
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

function fileWith(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
const csv = (text: string, name = 'users.csv'): DataTable => readDataSource({ file: fileWith(name, text), format: 'csv' });
const jsonl = (text: string, name = 'prompts.jsonl'): DataTable => readDataSource({ file: fileWith(name, text), format: 'jsonl' });

function errorOf(read: () => unknown): DataFileError {
  try {
    read();
  } catch (err) {
    if (err instanceof DataFileError) return err;
    throw err;
  }
  throw new Error('expected a DataFileError');
}

describe('CSV', () => {
  it('reads a BOM, CRLF, quoted commas, quotes and line breaks, keeping values as written', () => {
    const table = csv('\uFEFFemail,note\r\na@example.com,"x, y"\r\n\r\nb@example.com,"line 1\nline 2"\r\n c@example.com ,"say ""hi"""\r\n');
    expect(table.fields).toEqual(['email', 'note']);
    expect(table.rows).toEqual([
      { email: 'a@example.com', note: 'x, y' },
      { email: 'b@example.com', note: 'line 1\nline 2' },
      { email: ' c@example.com ', note: 'say "hi"' },
    ]);
  });

  it('reads a last row without a line break and a single column', () => {
    expect(csv('id\n1\n\n2').rows).toEqual([{ id: '1' }, { id: '2' }]);
  });

  it('returns frozen rows and fields', () => {
    const table = csv('a,b\n1,2\n');
    expect(Object.isFrozen(table.rows[0])).toBe(true);
    expect(Object.isFrozen(table.rows)).toBe(true);
    expect(Object.isFrozen(table.fields)).toBe(true);
  });

  it('names the line of a row with another column count', () => {
    const file = path.join(dir, 'count.csv');
    expect(errorOf(() => csv('email,password\na,1\nb,2\nc,3,extra\n', 'count.csv')).message)
      .toBe(`${file}:4: the row has 3 fields, the header has 2`);
  });

  it('counts lines right after quoted line breaks (LF and CRLF) and blank lines, naming where a row starts', () => {
    const file = path.join(dir, 'lines.csv');
    // Line 2–3: a row with a CRLF inside quotes; 4: blank; 5: good; 6–7: bad row starting on 6.
    const text = 'a,b\r\n1,"x\r\ny"\r\n\r\n2,3\r\n"4\r\n5",6,7\r\n';
    const err = errorOf(() => csv(text, 'lines.csv'));
    expect(err.message).toBe(`${file}:6: the row has 3 fields, the header has 2`);
    expect(err.line).toBe(6);
    expect(errorOf(() => csv('a,b\n1,"x\ny"\n2\n', 'lines.csv')).line).toBe(4);
  });

  it('rejects duplicate and empty header names', () => {
    const file = path.join(dir, 'header.csv');
    expect(errorOf(() => csv('email,password,email\na,b,c\n', 'header.csv')).message)
      .toBe(`${file}:1: duplicate column name "email" in the header (columns 1 and 3)`);
    expect(errorOf(() => csv('\n\nemail,,x\na,b,c\n', 'header.csv')).message)
      .toBe(`${file}:3: column 2 of the header has no name`);
    expect(errorOf(() => csv('__proto__\na\n', 'header.csv')).message)
      .toBe(`${file}:1: column 1 of the header: the name "__proto__" cannot be used as a field name`);
  });

  it('rejects an empty file and a header without rows', () => {
    const file = path.join(dir, 'empty.csv');
    expect(errorOf(() => csv('', 'empty.csv')).message)
      .toBe(`${file}: the file is empty (a CSV data file needs a header row and at least one row)`);
    expect(errorOf(() => csv('\r\n\r\n', 'empty.csv')).line).toBeUndefined();
    expect(errorOf(() => csv('email,password\n', 'empty.csv')).message).toBe(`${file}: the file has a header but no rows`);
  });

  it('reports quoting mistakes by line without echoing the values', () => {
    const file = path.join(dir, 'quotes.csv');
    const stray = errorOf(() => csv('email,password\na,1\nb,se"cret\n', 'quotes.csv'));
    expect(stray.message).toBe(`${file}:3: a quote inside an unquoted field (quote the whole field and double the quotes in it: "say ""hi""")`);
    const unclosed = errorOf(() => csv('email,password\na,1\n\nb,"secret\nc,3\n', 'quotes.csv'));
    expect(unclosed.message).toBe(`${file}:4: a quoted field opens here and is never closed`);
    const after = errorOf(() => csv('email,password\na,"secret"x\n', 'quotes.csv'));
    expect(after.message).toBe(`${file}:2: characters after a closing quote (double the quotes inside a quoted field: "say ""hi""")`);
    for (const e of [stray, unclosed, after]) expect(e.message).not.toContain('secret');
  });
});

describe('JSON lines', () => {
  it('turns values into text: strings as they are, null → "", others as JSON', () => {
    const table = jsonl('\uFEFF{"id": 1, "prompt": "hi", "opts": {"a": 1}, "tags": ["x"], "ok": true, "note": null}\r\n\n  \n{"id": 2.5, "prompt": " spaced "}\n');
    expect(table.fields).toEqual(['id', 'prompt', 'opts', 'tags', 'ok', 'note']);
    expect(table.rows).toEqual([
      { id: '1', prompt: 'hi', opts: '{"a":1}', tags: '["x"]', ok: 'true', note: '' },
      // Keys a row lacks read as "" like null.
      { id: '2.5', prompt: ' spaced ', opts: '', tags: '', ok: '', note: '' },
    ]);
    expect(Object.isFrozen(table.rows[1])).toBe(true);
  });

  it('fills keys that appear only in later rows', () => {
    expect(jsonl('{"a":"1"}\n{"a":"2","b":"x"}\n').rows).toEqual([{ a: '1', b: '' }, { a: '2', b: 'x' }]);
  });

  it('names the line of bad JSON without echoing it', () => {
    const file = path.join(dir, 'bad.jsonl');
    const err = errorOf(() => jsonl('{"a":"1"}\n\n{"a":"2"}\n{"a":"3"}\n{"a":"4"}\n\n{"token": secret}\n', 'bad.jsonl'));
    expect(err.line).toBe(7);
    expect(err.message).toMatch(new RegExp(`^${escape(file)}:7: not valid JSON \\(.+\\)$`));
    expect(err.message).not.toContain('secret');
    expect(errorOf(() => jsonl('{"a":\n', 'bad.jsonl')).message).toMatch(new RegExp(`^${escape(file)}:1: not valid JSON \\(.+\\)$`));
  });

  it('rejects a line that is not an object', () => {
    const file = path.join(dir, 'shape.jsonl');
    expect(errorOf(() => jsonl('{"a":"1"}\n["a"]\n', 'shape.jsonl')).message).toBe(`${file}:2: expected a JSON object, found an array`);
    expect(errorOf(() => jsonl('null\n', 'shape.jsonl')).message).toBe(`${file}:1: expected a JSON object, found null`);
    expect(errorOf(() => jsonl('\n"text"\n', 'shape.jsonl')).message).toBe(`${file}:2: expected a JSON object, found a string`);
    expect(errorOf(() => jsonl('{"__proto__": "x"}\n', 'shape.jsonl')).message)
      .toBe(`${file}:1: the name "__proto__" cannot be used as a field name`);
  });

  it('rejects a file without rows', () => {
    const file = path.join(dir, 'none.jsonl');
    expect(errorOf(() => jsonl('\n \n', 'none.jsonl')).message).toBe(`${file}: the file has no rows (expected one JSON object per line)`);
  });
});

describe('reading', () => {
  it('reports a missing file in one line', () => {
    const file = path.join(dir, 'missing.csv');
    expect(errorOf(() => readDataSource({ file, format: 'csv' })).message).toBe(`${file}: cannot read the file (no such file)`);
  });

  it('prints paths under the working directory relative to it', () => {
    expect(new DataFileError(path.join(process.cwd(), 'data', 'users.csv'), 3, 'bad').message).toBe(`${path.join('data', 'users.csv')}:3: bad`);
  });

  it('reads the example files shipped with the scenarios', () => {
    const examples = path.join(__dirname, '..', '..', 'scenarios', 'data');
    const users = readDataSource({ file: path.join(examples, 'users.csv'), format: 'csv' });
    expect(users.fields).toEqual(['email', 'password']);
    expect(users.rows).toHaveLength(20);
    expect(users.rows[0]?.email).toBe('user01@example.com');
    const prompts = readDataSource({ file: path.join(examples, 'prompts.jsonl'), format: 'jsonl' });
    expect(prompts.fields).toEqual(['id', 'prompt']);
    expect(prompts.rows).toHaveLength(10);
    expect(prompts.rows[9]?.id).toBe('10');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
