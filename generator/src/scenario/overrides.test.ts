import * as path from 'node:path';
import { loadScenario } from './index';
import { FIXTURES, parse, scenarioErrorOf, withLoad } from './test-helpers';

const smoke = path.join(FIXTURES, 'smoke.yaml');
const set = (...overrides: string[]) => loadScenario(smoke, { overrides });

describe('--set key=value', () => {
  it('changes list items and fields before validation; values are YAML scalars', () => {
    const s = set('load.stages[1].rate=400', 'name=renamed', 'load.maxInFlight=7', 'requests[0].timeout=10s');
    expect(s.load).toMatchObject({ stages: [{ rate: 50 }, { durationMs: 30_000, rate: 400 }], maxInFlight: 7 });
    expect(s.name).toBe('renamed');
    expect(s.requests[0]?.timeoutMs).toBe(10_000);
  });

  it('accepts flow lists and quoted strings', () => {
    const s = set('requests[0].expect.status=[200, 201]', 'requests[1].path="/health?x=1"');
    expect(s.requests[0]?.expect?.status).toEqual([200, 201]);
    expect(s.requests[1]?.path).toBe('/health?x=1');
  });

  it('adds a field to an existing mapping and creates missing mappings', () => {
    const s = set('http.connections=100', 'requests[1].weight=2');
    expect(s.http).toEqual({ connections: 100, pipelining: 1 });
    expect(s.requests[1]?.weight).toBe(2);
  });

  it('applies in order: the last one wins', () => {
    const load = set('load.stages[0].rate=1', 'load.stages[0].rate=2').load;
    expect(load.model === 'open' && load.stages[0]?.rate).toBe(2);
  });

  it('can switch the model when the fields agree', () => {
    const s = parse(withLoad('{ model: open, rate: 1, duration: 1s }'), { overrides: ['load={ model: closed, vus: 3, iterations: 9 }'] });
    expect(s.load).toMatchObject({ model: 'closed', iterations: 9, stages: [{ vus: 3 }] });
  });
});

describe('--set errors: file "--set", no line, the field path', () => {
  it.each([
    [['load.stages[7].rate=400'], '--set: load.stages[7].rate: there is no item [7] in load.stages (it has 2)'],
    [['load.stages.rate=400'], '--set: load.stages.rate: load.stages is not a mapping'],
    [['name[0]=x'], '--set: name[0]: name is not a list'],
    [['nothing.here[0]=1'], '--set: nothing.here[0]: nothing.here does not exist, so it has no item [0]'],
    [['load.stages[1].rate'], '--set: load.stages[1].rate: expected key=value, e.g. load.stages[1].rate=400'],
    [['=5'], '--set: =5: expected key=value, e.g. load.stages[1].rate=400'],
    [['load..rate=5'], '--set: load..rate=5: expected key=value, e.g. load.stages[1].rate=400'],
    [['name=[unclosed'], '--set: name: the value is not valid YAML'],
  ])('%j', (overrides, expected) => {
    const err = scenarioErrorOf(() => set(...overrides));
    expect(err.message.slice(0, expected.length)).toBe(expected);
    expect(err.file).toBe('--set');
    expect(err.line).toBeUndefined();
  });

  it.each([
    [['load.stages[1].rate=fast'], '--set: load.stages[1].rate: must be a number (requests per second)'],
    [['load.stages[1].rate=-1'], '--set: load.stages[1].rate: must be ≥ 0 (got -1)'],
    [['load.stages[1].duration=10 parsecs'], '--set: load.stages[1].duration: invalid duration "10 parsecs"'],
    [['load.ratee=3'], '--set: load.ratee: unknown field (did you mean "rate"?)'],
    [['htp.connections=3'], '--set: htp: unknown field (did you mean "http"?)'],
    [['load.vus=3'], '--set: load.vus: unknown field (vus belongs to model: closed)'],
    [['requests[0].path=${nope}'], '--set: requests[0].path: unknown template expression ${nope}'],
    [['requests[1].name=predict'], '--set: requests[1].name: duplicate request name "predict"'],
  ])('a value the schema rejects: %j', (overrides, expected) => {
    const err = scenarioErrorOf(() => set(...overrides));
    expect(err.message.slice(0, expected.length)).toBe(expected);
    expect(err.line).toBeUndefined();
  });

  it('an error elsewhere in the file still points at its line', () => {
    const err = scenarioErrorOf(() => loadScenario(path.join(FIXTURES, 'invalid-negative-rate.yaml'), { overrides: ['load.stages[0].rate=5'] }));
    expect(err.message).toMatch(/invalid-negative-rate\.yaml:11:30: load\.stages\[1\]\.rate: must be ≥ 0/);
  });
});

describe('--target errors', () => {
  it('a bad --target is blamed on the flag', () => {
    const err = scenarioErrorOf(() => loadScenario(smoke, { target: 'localhost:8080' }));
    expect(err.message).toBe('--target: target: "localhost:8080": only http:// and https:// targets are supported');
    expect(scenarioErrorOf(() => loadScenario(smoke, { target: 'not a url' })).message)
      .toBe('--target: target: "not a url" is not a URL (expected e.g. http://127.0.0.1:8080)');
  });
});
