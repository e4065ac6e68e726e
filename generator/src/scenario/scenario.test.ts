import * as path from 'node:path';
import { loadScenario, parseScenario, ScenarioError, compileTemplate, parseDuration, describePlan, totalDurationMs } from './index';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/scenarios');

function errorOf(fn: () => unknown): ScenarioError {
  try { fn(); } catch (err) { if (err instanceof ScenarioError) return err; throw err; }
  throw new Error('expected a ScenarioError');
}
const parse = (yaml: string, overrides?: string[]) => parseScenario(yaml, '/tmp/s.yaml', { overrides });
const minimal = (load: string, extra = '') => `name: t\ntarget: http://127.0.0.1:8080\nrequests:\n  - { name: a, path: /a }\nload: ${load}\n${extra}`;

describe('loadScenario: accepted forms', () => {
  it('accepts the issue example verbatim', () => {
    const s = loadScenario(path.join(FIXTURES, 'smoke.yaml'));
    expect(s.name).toBe('smoke');
    expect(s.requests).toEqual([
      { name: 'predict', method: 'POST', target: 'http://127.0.0.1:8080', path: '/predict', weight: 3,
        headers: { 'content-type': 'application/json' }, body: '{"x": 1}', expect: { status: [200] }, timeoutMs: 5000 },
      { name: 'health', method: 'GET', target: 'http://127.0.0.1:8080', path: '/health', weight: 1, headers: {}, body: undefined, expect: undefined, timeoutMs: 30000 },
    ]);
    expect(s.load).toEqual({ model: 'open', startRate: 50, maxInFlight: 500, stages: [{ durationMs: 10000, rate: 50 }, { durationMs: 30000, rate: 200 }] });
    expect(s.thresholds.map((t) => [t.request, t.metric, t.op, t.value])).toEqual([
      [undefined, 'p95', '<', 500], [undefined, 'error_rate', '<', 0.01], ['predict', 'p99', '<', 1000], [undefined, 'rps', '>', 100],
    ]);
    expect(totalDurationMs(s.load)).toBe(40000);
    expect(describePlan(s)).toContain('50 → 200 req/s');
  });

  it('accepts closed + iterations, bodyFile, templates', () => {
    const s = loadScenario(path.join(FIXTURES, 'closed-1000.yaml'));
    expect(s.load).toEqual({ model: 'closed', startVus: undefined, stages: [{ durationMs: 0, vus: 10 }], iterations: 1000, thinkTime: { minMs: 0, maxMs: 0 } });
    expect(s.requests[0]?.body).toContain('${randomInt(1,10)}');
    expect(totalDurationMs(s.load)).toBeUndefined();
  });

  it('closed vus + duration, ramping stages, think time range', () => {
    expect(parse(minimal('{ model: closed, vus: 5, duration: 1m30s, thinkTime: 200ms..800ms }')).load)
      .toEqual({ model: 'closed', startVus: undefined, stages: [{ durationMs: 90000, vus: 5 }], iterations: undefined, thinkTime: { minMs: 200, maxMs: 800 } });
    const ramp = parse(minimal('{ model: closed, startVus: 1, stages: [ { duration: 10s, vus: 20 }, { duration: 5s, vus: 0 } ] }')).load;
    expect(ramp).toMatchObject({ startVus: 1, stages: [{ durationMs: 10000, vus: 20 }, { durationMs: 5000, vus: 0 }] });
  });

  it('open shorthand, per-request target, object body, defaults, http options', () => {
    const s = parse([
      'name: t', 'requests:',
      '  - { name: a, target: "http://127.0.0.1:1/", path: /x, body: { k: [1, 2] } }',
      'load: { model: open, rate: 10, duration: 2s }',
      'http: { connections: 8 }', 'gracefulStop: 3s', 'podHeader: X-Pod',
    ].join('\n'));
    expect(s.requests[0]).toMatchObject({ target: 'http://127.0.0.1:1', body: '{"k":[1,2]}', headers: { 'content-type': 'application/json' } });
    expect(s.load).toEqual({ model: 'open', startRate: undefined, stages: [{ durationMs: 2000, rate: 10 }], maxInFlight: 1000 });
    expect(s.http).toEqual({ connections: 8, pipelining: 1 });
    expect(s.gracefulStopMs).toBe(3000);
    expect(s.podHeader).toBe('x-pod');
  });

  it('--target overrides the scenario target but not a per-request target', () => {
    const s = parseScenario(
      'name: t\ntarget: http://127.0.0.1:1\nrequests: [ { name: a }, { name: b, target: "http://127.0.0.1:2" } ]\nload: { model: open, rate: 1, duration: 1s }',
      '/tmp/s.yaml', { target: 'http://127.0.0.1:9' });
    expect(s.requests.map((r) => r.target)).toEqual(['http://127.0.0.1:9', 'http://127.0.0.1:2']);
  });

  it('--set overrides values before validation', () => {
    const s = loadScenario(path.join(FIXTURES, 'smoke.yaml'), { overrides: ['load.stages[1].rate=400', 'name=renamed', 'load.maxInFlight=7'] });
    expect(s.load.model === 'open' && s.load.stages[1]?.rate).toBe(400);
    expect(s.name).toBe('renamed');
    expect(s.load.model === 'open' && s.load.maxInFlight).toBe(7);
  });

  it('thresholds: object form with abortOnFail, units and aliases', () => {
    const s = parse(minimal('{ model: open, rate: 1, duration: 1s }',
      'thresholds:\n  - { threshold: "p(95) < 1.5s", abortOnFail: true, delayAbortEval: 10s }\n  - "a: avg<=200"\n  - "success_rate >= 0.99"\n  - "requests > 5"'));
    expect(s.thresholds).toEqual([
      { expr: 'p(95) < 1.5s', request: undefined, metric: 'p95', op: '<', value: 1500, abortOnFail: true, delayAbortEvalMs: 10000 },
      { expr: 'a: avg<=200', request: 'a', metric: 'avg', op: '<=', value: 200, abortOnFail: false, delayAbortEvalMs: 0 },
      { expr: 'success_rate >= 0.99', request: undefined, metric: 'success_rate', op: '>=', value: 0.99, abortOnFail: false, delayAbortEvalMs: 0 },
      { expr: 'requests > 5', request: undefined, metric: 'requests', op: '>', value: 5, abortOnFail: false, delayAbortEvalMs: 0 },
    ]);
  });
});

describe('loadScenario: errors name file, line, column and field path', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['unknown field with a hint', minimal('{ model: open, rate: 1, durration: 1s }'), /^\/tmp\/s\.yaml:5:\d+: load\.durration: unknown field \(did you mean "duration"\?\)/],
    ['unknown top-level field', minimal('{ model: open, rate: 1, duration: 1s }', 'colour: red'), /:6:1: colour: unknown field/],
    ['negative rate', minimal('\n  model: open\n  stages:\n    - { duration: 1s, rate: -1 }'), /:8:\d+: load\.stages\[0\]\.rate: must be ≥ 0/],
    ['bad duration', minimal('\n  model: open\n  stages:\n    - { duration: 10 parsecs, rate: 1 }'), /:8:\d+: load\.stages\[0\]\.duration: invalid duration "10 parsecs"/],
    ['bad target', minimal('{ model: open, rate: 1, duration: 1s }').replace('http://127.0.0.1:8080', 'ftp://x'), /:2:9: target: .*only http/],
    ['unparsable target', minimal('{ model: open, rate: 1, duration: 1s }').replace('http://127.0.0.1:8080', 'htp//x y'), /:2:9: target: .*is not a URL/],
    ['bad YAML', 'name: x\nrequests: [ { name: a\nload: {', /^\/tmp\/s\.yaml:\d+:\d+: invalid YAML/],
    ['missing requests', 'name: t\nload: { model: open, rate: 1, duration: 1s }', /requests: is required/],
    ['empty stages', minimal('{ model: open, stages: [] }'), /:5:\d+: load\.stages: needs at least one stage/],
    ['vus on open', minimal('{ model: open, vus: 3, duration: 1s }'), /load\.vus: unknown field \(vus belongs to model: closed\)/],
    ['rate on closed', minimal('{ model: closed, rate: 3, duration: 1s }'), /load\.rate: unknown field \(rate belongs to model: open\)/],
    ['unknown model', minimal('{ model: poisson, rate: 3 }'), /:5:\d+: load\.model: must be "open"/],
    ['unknown template', minimal('{ model: open, rate: 1, duration: 1s }').replace('/a', '"/a?${nope}"'), /requests\[0\]\.path: unknown template expression/],
    ['threshold on unknown request', minimal('{ model: open, rate: 1, duration: 1s }', 'thresholds: [ "zz: p95 < 1s" ]'), /:6:\d+: thresholds\[0\]: no request is named "zz"/],
    ['bad threshold metric', minimal('{ model: open, rate: 1, duration: 1s }', 'thresholds: [ "p42 < 1s" ]'), /thresholds\[0\]: .*unknown metric "p42"/],
    ['duplicate names', 'name: t\ntarget: http://127.0.0.1:1\nrequests: [ { name: a }, { name: a } ]\nload: { model: open, rate: 1, duration: 1s }', /requests\[1\]\.name: duplicate/],
    ['no target', 'name: t\nrequests: [ { name: a } ]\nload: { model: open, rate: 1, duration: 1s }', /requests\[0\]: request "a" has no target/],
  ];
  it.each(cases)('%s', (_name, yaml, pattern) => {
    const err = errorOf(() => parse(yaml));
    expect(err.message).toMatch(pattern);
    expect(err.message).not.toContain('\n');
  });

  it('--set on a path that does not exist', () => {
    const err = errorOf(() => loadScenario(path.join(FIXTURES, 'smoke.yaml'), { overrides: ['load.stages[7].rate=400'] }));
    expect(err.message).toBe('--set: load.stages[7].rate: there is no item [7] in load.stages (it has 2)');
  });
  it('--set with a value of the wrong type is reported at the field', () => {
    const err = errorOf(() => loadScenario(path.join(FIXTURES, 'smoke.yaml'), { overrides: ['load.stages[1].rate=fast'] }));
    expect(err.message).toMatch(/smoke\.yaml:13:\d+: load\.stages\[1\]\.rate: must be a number/);
  });
  it('a missing file', () => {
    expect(errorOf(() => loadScenario('/nonexistent/x.yaml')).message).toMatch(/x\.yaml: cannot read the scenario file \(ENOENT\)/);
  });
});

describe('templates and durations', () => {
  it('renders vu, iteration, uuid, randomInt, env and escapes', () => {
    process.env.SCALETRACE_TEST_VAR = 'v';
    const t = compileTemplate('/x/${vu}/${iteration}?id=${uuid}&n=${randomInt(3,5)}&e=${env.SCALETRACE_TEST_VAR}&lit=$${vu}');
    const out = t({ vu: 7, iteration: 42 });
    expect(out).toMatch(/^\/x\/7\/42\?id=[0-9a-f-]{36}&n=[345]&e=v&lit=\$\{vu\}$/);
    const seen = new Set<string>();
    const r = compileTemplate('${randomInt(1,3)}');
    for (let i = 0; i < 300; i++) seen.add(r({ vu: 0, iteration: 0 }));
    expect([...seen].sort()).toEqual(['1', '2', '3']);
    expect(compileTemplate('plain')({ vu: 1, iteration: 1 })).toBe('plain');
  });
  it('parses durations', () => {
    expect(parseDuration('200ms')).toBe(200);
    expect(parseDuration('1m30s')).toBe(90000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2h')).toBe(7200000);
    expect(parseDuration(3)).toBe(3000);
    expect(() => parseDuration('10 parsecs')).toThrow(/invalid duration/);
    expect(() => parseDuration('5x')).toThrow(/invalid duration/);
  });
});
