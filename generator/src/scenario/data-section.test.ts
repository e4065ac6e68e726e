import * as path from 'node:path';
import { ScenarioDir } from './flow-test-helpers';

let dir: ScenarioDir;
beforeAll(() => { dir = new ScenarioDir(); });
afterAll(() => dir.remove());

/** `data:` is on line 3 (sources from line 4); the request on the last line reads `path`. */
const withData = (data: string, reqPath = '/') => [
  'name: t',
  'target: http://127.0.0.1:8080',
  'data:',
  ...data.split('\n').map((l) => `  ${l}`),
  'load: { model: open, rate: 1, duration: 1s }',
  `requests: [ { name: r, path: "${reqPath}" } ]`,
].join('\n') + '\n';

describe('data: sources', () => {
  it('resolves files relative to the scenario, reads the format from the extension, defaults pick to sequential', () => {
    dir.write('more.NDJSON', '{"a": 1}\n');
    dir.write('sub/x.csv', 'a\n1\n');
    const s = dir.parse(withData('u: { file: users.csv }\nm: { file: more.NDJSON, pick: random }\nx: { file: sub/x.csv, pick: unique }'));
    expect(s.data).toEqual([
      { name: 'u', file: path.join(dir.dir, 'users.csv'), format: 'csv', pick: 'sequential' },
      { name: 'm', file: path.join(dir.dir, 'more.NDJSON'), format: 'jsonl', pick: 'random' },
      { name: 'x', file: path.join(dir.dir, 'sub/x.csv'), format: 'csv', pick: 'unique' },
    ]);
  });

  it('accepts references to CSV columns (quoted headers, BOM, CRLF, blank lines first) and to keys of the first JSON line', () => {
    dir.write('quoted.csv', '\uFEFF\r\n"first name","a,b",plain\r\n"x","y",z\r\n');
    const s = dir.parse(withData('q: { file: quoted.csv }\np: { file: prompts.jsonl }', '/${data.q.plain}/${data.p.id}/${data.p.text}'));
    expect(s.requests[0]?.path).toBe('/${data.q.plain}/${data.p.id}/${data.p.text}');
  });

  it.each<[string, string, string]>([
    ['unknown format', 'u: { file: users.txt }', 'DIR/s.yaml:4:14: data.u.file: "users.txt": unknown format (use .csv with a header row, or .jsonl/.ndjson with one JSON object per line)'],
    ['missing file', 'u: { file: nope.csv }', 'DIR/s.yaml:4:14: data.u.file: cannot read "nope.csv" (ENOENT; paths are relative to the scenario file)'],
    ['a directory', 'u: { file: sub.csv }', 'DIR/s.yaml:4:14: data.u.file: cannot read "sub.csv" (EISDIR; paths are relative to the scenario file)'],
    ['empty CSV', 'u: { file: empty.csv }', 'DIR/s.yaml:4:14: data.u.file: "empty.csv" is empty: a .csv data file starts with a header row naming its columns'],
    ['CSV with a header only', 'u: { file: header.csv }', 'DIR/s.yaml:4:14: data.u.file: "header.csv" has a header row (email, name) but no data rows'],
    ['empty JSONL', 'u: { file: empty.jsonl }', 'DIR/s.yaml:4:14: data.u.file: "empty.jsonl" is empty: a .jsonl data file has one JSON object per line'],
    ['JSONL of arrays', 'u: { file: arrays.jsonl }', 'DIR/s.yaml:4:14: data.u.file: "arrays.jsonl": its first row is not a JSON object (each line is one row, e.g. {"id": 1, "text": "…"})'],
    ['JSONL not JSON', 'u: { file: bad.jsonl }', 'DIR/s.yaml:4:14: data.u.file: "bad.jsonl": its first row is not valid JSON (at character 9)'],
    ['CSV header with an unclosed quote', 'u: { file: badheader.csv }', 'DIR/s.yaml:4:14: data.u.file: "badheader.csv": its header row is not valid CSV (CSV_QUOTE_NOT_CLOSED)'],
    ['bad pick', 'u: { file: users.csv, pick: once }', 'DIR/s.yaml:4:31: data.u.pick: must be sequential (the default, wraps around), random or unique (each row once)'],
    ['unknown field with a hint', 'u: { file: users.csv, pik: random }', 'DIR/s.yaml:4:25: data.u.pik: unknown field (did you mean "pick"?)'],
    ['no file', 'u: { pick: random }', 'DIR/s.yaml:4:6: data.u.file: is required'],
    ['a source name that is not an identifier', 'my-users: { file: users.csv }', 'DIR/s.yaml:4:3: data.my-users: "my-users": a data source name is a letter or _, then letters, digits or _ (it is read as ${data.my-users.FIELD})'],
    ['data not a mapping', '- users.csv', 'DIR/s.yaml:4:3: data: expected a mapping of source name → { file, pick }, e.g. users: { file: users.csv }'],
  ])('%s', (_name, data, expected) => {
    dir.write('empty.csv', '');
    dir.write('header.csv', 'email,name\n\n');
    dir.write('empty.jsonl', '\n\n');
    dir.write('arrays.jsonl', '[1, 2]\n');
    dir.write('bad.jsonl', '{"a": 1,}\n');
    dir.write('badheader.csv', 'a,"b\n1,2\n');
    dir.write('sub.csv/keep', '');
    const message = dir.error(withData(data));
    expect(message.slice(0, expected.length)).toBe(expected);
    expect(message).not.toContain('\n');
  });
});

describe('${data.SOURCE.FIELD} references are checked at load time', () => {
  it.each<[string, string, string, string]>([
    ['an unknown source', 'users: { file: users.csv }', '/${data.user.email}',
      'DIR/s.yaml:6:30: requests[0].path: ${data.user.email}: there is no data source "user" (did you mean "users"? data sources: users)'],
    ['an unknown CSV column', 'users: { file: users.csv }', '/${data.users.mail}',
      'DIR/s.yaml:6:30: requests[0].path: ${data.users.mail}: "users.csv" has no column "mail" (did you mean "email"? columns: email, password, user-id)'],
    ['a key that is not in the first JSON line', 'prompts: { file: prompts.jsonl }', '/${data.prompts.extra}',
      'DIR/s.yaml:6:30: requests[0].path: ${data.prompts.extra}: "prompts.jsonl" has no field "extra" in its first row (fields: id, text)'],
  ])('%s', (_name, data, reqPath, expected) => {
    expect(dir.error(withData(data, reqPath))).toBe(expected);
  });

  it('without a data: section', () => {
    const yaml = 'name: t\ntarget: http://127.0.0.1:8080\nload: { model: open, rate: 1, duration: 1s }\nrequests: [ { name: r, headers: { x-u: "${data.users.email}" } } ]\n';
    expect(dir.error(yaml)).toBe('DIR/s.yaml:4:40: requests[0].headers.x-u: ${data.users.email}: there is no data source "users" (the scenario has no data: section)');
  });

  it('in a body mapping and in a bodyFile', () => {
    dir.write('body.json', '{"u": "${data.users.nope}"}');
    const base = (req: string) => `name: t\ntarget: http://127.0.0.1:8080\ndata: { users: { file: users.csv } }\nload: { model: open, rate: 1, duration: 1s }\nrequests: [ ${req} ]\n`;
    expect(dir.error(base('{ name: r, body: { u: "${data.users.nope}" } }'))).toBe(
      'DIR/s.yaml:5:30: requests[0].body: ${data.users.nope}: "users.csv" has no column "nope" (columns: email, password, user-id)');
    expect(dir.error(base('{ name: r, bodyFile: body.json }'))).toBe(
      'DIR/s.yaml:5:34: requests[0].bodyFile: ${data.users.nope}: "users.csv" has no column "nope" (columns: email, password, user-id)');
  });
});
