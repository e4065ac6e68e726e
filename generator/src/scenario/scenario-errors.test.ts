import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadScenario } from './index';
import { FIXTURES, parse, scenarioErrorOf, withLoad } from './test-helpers';

const flat = '{ model: open, rate: 1, duration: 1s }';
const oneRequest = (req: string, load = flat) => `name: t\ntarget: http://127.0.0.1:8080\nrequests:\n  - ${req}\nload: ${load}\n`;

describe('scenario errors: one line, file:line:col: field.path: reason', () => {
  const cases: Array<[string, string, string]> = [
    ['bad YAML syntax', 'name: x\nrequests: [ { name: a\nload: {', '/tmp/s.yaml:3:1: invalid YAML'],
    ['duplicate key', withLoad(flat, 'name: again'), '/tmp/s.yaml:6:1: invalid YAML: Map keys must be unique'],
    ['empty file', '', '/tmp/s.yaml:1:1: a scenario is a YAML mapping with name, requests and load'],
    ['unknown field with a hint', withLoad('{ model: open, rate: 1, durration: 1s }'), '/tmp/s.yaml:5:31: load.durration: unknown field (did you mean "duration"?)'],
    ['unknown top-level field', withLoad(flat, 'colour: red'), '/tmp/s.yaml:6:1: colour: unknown field'],
    ['unknown request field', oneRequest('{ name: a, heders: {} }'), '/tmp/s.yaml:4:16: requests[0].heders: unknown field (did you mean "headers"?)'],
    ['unknown expect field', oneRequest('{ name: a, expect: { stauts: [200] } }'), '/tmp/s.yaml:4:26: requests[0].expect.stauts: unknown field (did you mean "status"?)'],
    ['unknown threshold option', withLoad(flat, 'thresholds: [ { threshold: "p95<1s", abortOnFial: true } ]'), '/tmp/s.yaml:6:38: thresholds[0].abortOnFial: unknown field (did you mean "abortOnFail"?)'],
    ['negative rate', withLoad('\n  model: open\n  stages:\n    - { duration: 1s, rate: -1 }'), '/tmp/s.yaml:8:29: load.stages[0].rate: must be ≥ 0 (got -1)'],
    ['rate not a number', withLoad('{ model: open, rate: fast, duration: 1s }'), '/tmp/s.yaml:5:28: load.rate: must be a number (requests per second)'],
    ['bad duration', withLoad('\n  model: open\n  stages:\n    - { duration: 10 parsecs, rate: 1 }'),
      '/tmp/s.yaml:8:19: load.stages[0].duration: invalid duration "10 parsecs" (use e.g. 500ms, 10s, 1m30s, 1h)'],
    // No undocumented "0 = no timeout": nothing may hang.
    ['request timeout 0s', oneRequest('{ name: a, timeout: 0s }'),
      '/tmp/s.yaml:4:25: requests[0].timeout: must be > 0: every request needs a bound (there is no "no timeout"; for a very long one write e.g. 10m)'],
    ['request timeout 0 (seconds)', oneRequest('{ name: a, timeout: 0 }'),
      '/tmp/s.yaml:4:25: requests[0].timeout: must be > 0: every request needs a bound (there is no "no timeout"; for a very long one write e.g. 10m)'],
    ['duration of the wrong type', withLoad('{ model: open, rate: 1, duration: [1] }'), '/tmp/s.yaml:5:41: load.duration: expected a duration such as 500ms, 10s, 5m or a number of seconds'],
    ['target not a URL', withLoad(flat).replace('http://127.0.0.1:8080', 'htp//x y'), '/tmp/s.yaml:2:9: target: "htp//x y" is not a URL (expected e.g. http://127.0.0.1:8080)'],
    ['target not http', withLoad(flat).replace('http://127.0.0.1:8080', 'ftp://x'), '/tmp/s.yaml:2:9: target: "ftp://x": only http:// and https:// targets are supported'],
    ['target with a query', withLoad(flat).replace('http://127.0.0.1:8080', 'http://x/?a=1'), '/tmp/s.yaml:2:9: target: "http://x/?a=1": a target is a base URL; put the query in the request\'s path'],
    ['request target not http', oneRequest('{ name: a, target: "file:///etc" }'), '/tmp/s.yaml:4:24: requests[0].target: "file:///etc": only http:// and https:// targets are supported'],
    ['missing requests', 'name: t\nload: { model: open, rate: 1, duration: 1s }', '/tmp/s.yaml:1:1: requests: is required (or flows:, or both)'],
    ['empty requests', 'name: t\nrequests: []\nload: { model: open, rate: 1, duration: 1s }', '/tmp/s.yaml:2:11: requests: needs at least one request'],
    ['requests not a list', 'name: t\nrequests: { name: a }\nload: { model: open, rate: 1, duration: 1s }', '/tmp/s.yaml:2:11: requests: expected a list, got a mapping'],
    ['missing load', 'name: t\nrequests: [ { name: a } ]', '/tmp/s.yaml:1:1: load: is required'],
    ['missing model', withLoad('{ rate: 1, duration: 1s }'), '/tmp/s.yaml:5:7: load.model: is required: "open" (arrival rate) or "closed" (virtual users)'],
    ['unknown model', withLoad('{ model: poisson, rate: 3 }'), '/tmp/s.yaml:5:16: load.model: must be "open" (arrival rate) or "closed" (virtual users), got "poisson"'],
    ['empty stages', withLoad('{ model: open, stages: [] }'), '/tmp/s.yaml:5:30: load.stages: needs at least one stage'],
    ['closed model with rate', withLoad('{ model: closed, vus: 2, rate: 3, duration: 1s }'), '/tmp/s.yaml:5:32: load.rate: unknown field (rate belongs to model: open)'],
    ['closed model with maxInFlight', withLoad('{ model: closed, vus: 2, duration: 1s, maxInFlight: 3 }'), '/tmp/s.yaml:5:46: load.maxInFlight: unknown field (maxInFlight belongs to model: open)'],
    ['closed stage with rate', withLoad('{ model: closed, stages: [ { duration: 1s, rate: 1 } ] }'), '/tmp/s.yaml:5:50: load.stages[0].rate: unknown field (rate belongs to model: open)'],
    ['open model with vus', withLoad('{ model: open, vus: 3, duration: 1s }'), '/tmp/s.yaml:5:22: load.vus: unknown field (vus belongs to model: closed)'],
    ['open model without rate', withLoad('{ model: open, duration: 1s }'), '/tmp/s.yaml:5:7: load: an open model needs stages, rate + duration, or a preset'],
    ['open stages and rate', withLoad('{ model: open, rate: 2, stages: [ { duration: 1s, rate: 1 } ] }'), '/tmp/s.yaml:5:28: load.rate: use either stages or rate + duration, not both'],
    ['closed without duration or iterations', withLoad('{ model: closed, vus: 2 }'), '/tmp/s.yaml:5:7: load: a closed model with vus needs a duration or iterations'],
    ['closed with both', withLoad('{ model: closed, vus: 2, duration: 1s, iterations: 5 }'), '/tmp/s.yaml:5:42: load.duration: use either iterations or duration, not both'],
    ['closed vus 0', withLoad('{ model: closed, vus: 0, duration: 1s }'), '/tmp/s.yaml:5:29: load.vus: must be ≥ 1'],
    ['fractional vus', withLoad('{ model: closed, vus: 1.5, duration: 1s }'), '/tmp/s.yaml:5:29: load.vus: must be a whole number'],
    ['inverted think time', withLoad('{ model: closed, vus: 1, duration: 1s, thinkTime: 800ms..200ms }'),
      '/tmp/s.yaml:5:57: load.thinkTime: invalid range "800ms..200ms": the upper bound is below the lower one'],
    ['unknown template in path', oneRequest('{ name: a, path: "/a?${nope}" }'),
      '/tmp/s.yaml:4:22: requests[0].path: unknown template expression ${nope} (known: ${vu}, ${iteration}, ${uuid}, ${randomInt(a,b)}, ${env.NAME}, ${data.SOURCE.FIELD}, ${vars.NAME})'],
    ['unknown template in a header', oneRequest('{ name: a, headers: { X-Id: "${id}" } }'), '/tmp/s.yaml:4:33: requests[0].headers.X-Id: unknown template expression ${id}'],
    ['unknown template in the body', oneRequest('{ name: a, method: POST, body: "${vu} ${bad}" }'), '/tmp/s.yaml:4:36: requests[0].body: unknown template expression ${bad}'],
    ['path without a slash', oneRequest('{ name: a, path: predict }'), '/tmp/s.yaml:4:22: requests[0].path: must start with "/"'],
    ['bad method', oneRequest('{ name: a, method: "GET /" }'), '/tmp/s.yaml:4:24: requests[0].method: must be an HTTP method such as GET or POST'],
    ['status out of range', oneRequest('{ name: a, expect: { status: [42] } }'), '/tmp/s.yaml:4:35: requests[0].expect.status[0]: must be an HTTP status code (100-599) (got 42)'],
    ['header value a mapping', oneRequest('{ name: a, headers: { x: { y: 1 } } }'), '/tmp/s.yaml:4:30: requests[0].headers.x: a header value is a string, a number or true/false'],
    ['body and bodyFile', oneRequest('{ name: a, body: x, bodyFile: b.json }'), '/tmp/s.yaml:4:35: requests[0].bodyFile: use either body or bodyFile, not both'],
    ['unreadable bodyFile', oneRequest('{ name: a, bodyFile: nope.json }'), '/tmp/s.yaml:4:26: requests[0].bodyFile: cannot read "nope.json" (ENOENT; paths are relative to the scenario file)'],
    ['weight zero', oneRequest('{ name: a, weight: 0 }'), '/tmp/s.yaml:4:24: requests[0].weight: must be > 0 (got 0)'],
    ['duplicate request names', oneRequest('{ name: a }\n  - { name: a }'), '/tmp/s.yaml:5:13: requests[1].name: duplicate request name "a"'],
    ['no target anywhere', 'name: t\nrequests: [ { name: a } ]\nload: { model: open, rate: 1, duration: 1s }',
      '/tmp/s.yaml:2:13: requests[0]: request "a" has no target: set a scenario-level target, the request\'s own target, or --target'],
    ['threshold naming an unknown request', withLoad(flat, 'thresholds: [ "zz: p95 < 1s" ]'), '/tmp/s.yaml:6:15: thresholds[0]: no request is named "zz" (requests: a)'],
    ['threshold with an unknown metric', withLoad(flat, 'thresholds:\n  - { threshold: "p42 < 1s" }'), '/tmp/s.yaml:7:18: thresholds[0].threshold: "p42 < 1s": unknown metric "p42"'],
    ['threshold of the wrong type', withLoad(flat, 'thresholds: [ 5 ]'), '/tmp/s.yaml:6:15: thresholds[0]: expected a string like "p95 < 500ms" or { threshold, abortOnFail, delayAbortEval }'],
    ['http connections zero', withLoad(flat, 'http: { connections: 0 }'), '/tmp/s.yaml:6:22: http.connections: must be > 0 (got 0)'],
    ['bad podHeader', withLoad(flat, 'podHeader: "x pod"'), '/tmp/s.yaml:6:12: podHeader: must be an HTTP header name'],
  ];
  it.each(cases)('%s', (_name, yaml, expected) => {
    const err = scenarioErrorOf(() => parse(yaml));
    expect(err.message).not.toContain('\n');
    expect(err.message.slice(0, expected.length)).toBe(expected);
  });

  it('exposes file, line, column and path as fields', () => {
    const err = scenarioErrorOf(() => parse(withLoad('\n  model: open\n  stages:\n    - { duration: 1s, rate: -1 }')));
    expect({ file: err.file, line: err.line, column: err.column, path: err.path }).toEqual({ file: '/tmp/s.yaml', line: 8, column: 29, path: 'load.stages[0].rate' });
  });

  it('a file that cannot be read has no line', () => {
    const err = scenarioErrorOf(() => loadScenario('/nonexistent/x.yaml'));
    expect(err.message).toBe('/nonexistent/x.yaml: cannot read the scenario file (ENOENT)');
    expect(err.line).toBeUndefined();
  });
});

describe('invalid-*.yaml fixtures (shared with the CLI tests): each says its error on line 1', () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => f.startsWith('invalid-') && f.endsWith('.yaml'));
  it('there is one per error kind', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });
  it.each(files)('%s', (name) => {
    const file = path.join(FIXTURES, name);
    const expected = /^# error: (.*)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1];
    expect(expected).toBeDefined();
    const err = scenarioErrorOf(() => loadScenario(file));
    expect(err.message).toBe(`${path.relative(process.cwd(), file)}:${expected}`);
  });
});
