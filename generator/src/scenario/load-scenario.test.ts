import * as path from 'node:path';
import { loadScenario, parseScenario, totalDurationMs } from './index';
import { FIXTURES, parse, withLoad } from './test-helpers';

describe('loadScenario: the contract example', () => {
  it('accepts smoke.yaml (the issue example verbatim) and normalises it', () => {
    const s = loadScenario(path.join(FIXTURES, 'smoke.yaml'));
    expect(s.name).toBe('smoke');
    expect(s.file).toBe(path.join(FIXTURES, 'smoke.yaml'));
    expect(s.target).toBe('http://127.0.0.1:8080');
    expect(s.requests).toEqual([
      { name: 'predict', method: 'POST', target: 'http://127.0.0.1:8080', path: '/predict', weight: 3,
        headers: { 'content-type': 'application/json' }, body: '{"x": 1}', expect: { status: [200] }, timeoutMs: 5000,
        tags: {}, transport: { http2: false }, cookies: false },
      { name: 'health', method: 'GET', target: 'http://127.0.0.1:8080', path: '/health', weight: 1, headers: {},
        body: undefined, expect: undefined, timeoutMs: 30_000, tags: {}, transport: { http2: false }, cookies: false },
    ]);
    expect(s.load).toEqual({ model: 'open', startRate: 50, maxInFlight: 500, stages: [{ durationMs: 10_000, rate: 50 }, { durationMs: 30_000, rate: 200 }] });
    expect(s.thresholds.map((t) => [t.expr, t.request, t.metric, t.op, t.value])).toEqual([
      ['p95 < 500ms', undefined, 'p95', '<', 500],
      ['error_rate < 1%', undefined, 'error_rate', '<', 0.01],
      ['predict: p99 < 1s', 'predict', 'p99', '<', 1000],
      ['rps > 100', undefined, 'rps', '>', 100],
    ]);
    expect(s.http).toEqual({ connections: 50, pipelining: 1 });
    expect(s.gracefulStopMs).toBe(10_000);
    expect(s.podHeader).toBeUndefined();
    expect(totalDurationMs(s.load)).toBe(40_000);
  });
});

describe('loadScenario: closed model', () => {
  it('vus + iterations → one zero-length stage and an iteration count (closed-1000.yaml)', () => {
    const s = loadScenario(path.join(FIXTURES, 'closed-1000.yaml'));
    expect(s.load).toEqual({ model: 'closed', startVus: undefined, stages: [{ durationMs: 0, vus: 10 }], iterations: 1000, thinkTime: { minMs: 0, maxMs: 0 } });
    expect(totalDurationMs(s.load)).toBeUndefined();
  });

  it('vus + duration → one flat stage; thinkTime range', () => {
    expect(parse(withLoad('{ model: closed, vus: 5, duration: 1m30s, thinkTime: 200ms..800ms }')).load)
      .toEqual({ model: 'closed', startVus: undefined, stages: [{ durationMs: 90_000, vus: 5 }], iterations: undefined, thinkTime: { minMs: 200, maxMs: 800 } });
  });

  it('ramping stages from startVus; fixed thinkTime', () => {
    const load = parse(withLoad('{ model: closed, startVus: 1, stages: [ { duration: 10s, vus: 20 }, { duration: 5s, vus: 0 } ], thinkTime: 1s }')).load;
    expect(load).toEqual({ model: 'closed', startVus: 1, iterations: undefined, thinkTime: { minMs: 1000, maxMs: 1000 },
      stages: [{ durationMs: 10_000, vus: 20 }, { durationMs: 5000, vus: 0 }] });
    expect(totalDurationMs(load)).toBe(15_000);
  });
});

describe('loadScenario: open model', () => {
  it('rate + duration shorthand → one stage, default maxInFlight', () => {
    expect(parse(withLoad('{ model: open, rate: 10, duration: 2s }')).load)
      .toEqual({ model: 'open', startRate: undefined, stages: [{ durationMs: 2000, rate: 10 }], maxInFlight: 1000 });
  });
  it('stages with a bare-number duration (seconds) and a zero rate', () => {
    expect(parse(withLoad('{ model: open, stages: [ { duration: 5, rate: 0 } ], maxInFlight: 3 }')).load)
      .toEqual({ model: 'open', startRate: undefined, stages: [{ durationMs: 5000, rate: 0 }], maxInFlight: 3 });
  });
});

describe('loadScenario: requests', () => {
  it('per-request target, object body as JSON, headers lower-cased, method upper-cased, defaults', () => {
    const s = parse([
      'name: t', 'requests:',
      '  - { name: a, method: post, target: "http://127.0.0.1:1/api/", path: /x, body: { k: [1, 2] }, headers: { X-Num: 5, X-On: true } }',
      '  - { name: b, target: "https://127.0.0.1:2", body: [1, "two"], headers: { Content-Type: text/plain } }',
      'load: { model: open, rate: 10, duration: 2s }',
    ].join('\n'));
    expect(s.requests[0]).toEqual({ name: 'a', method: 'POST', target: 'http://127.0.0.1:1/api', path: '/x', weight: 1,
      headers: { 'x-num': '5', 'x-on': 'true', 'content-type': 'application/json' }, body: '{"k":[1,2]}', bodyEscape: 'json', expect: undefined, timeoutMs: 30_000,
      tags: {}, transport: { http2: false }, cookies: false });
    expect(s.requests[1]).toMatchObject({ method: 'GET', target: 'https://127.0.0.1:2', path: '/', body: '[1,"two"]', bodyEscape: 'json', headers: { 'content-type': 'text/plain' } });
    expect(s.target).toBeUndefined();
    expect(s.data).toEqual([]);
    expect(s.flows).toEqual([]);
  });

  it('bodyFile is read relative to the scenario file and may hold templates', () => {
    const s = loadScenario(path.join(FIXTURES, 'closed-1000.yaml'));
    expect(s.requests[0]?.body).toBe('{"features": [${randomInt(1,10)}, 2, 3]}\n');
    expect(s.requests[0]?.path).toBe('/predict?vu=${vu}&i=${iteration}');
    expect(s.requests[0]?.headers['x-request-id']).toBe('${uuid}');
  });

  it('expect with status list and bodyContains; timeout and weight', () => {
    const s = parse(withLoad('{ model: open, rate: 1, duration: 1s }').replace('{ name: a, path: /a }',
      '{ name: a, path: /a, weight: 0.5, timeout: 1500ms, expect: { status: [200, 201], bodyContains: ok } }'));
    expect(s.requests[0]).toMatchObject({ weight: 0.5, timeoutMs: 1500, expect: { status: [200, 201], bodyContains: 'ok' } });
  });
});

describe('loadScenario: scenario options', () => {
  it('http, gracefulStop, podHeader', () => {
    const s = parse(withLoad('{ model: open, rate: 1, duration: 1s }', 'http: { connections: 8, pipelining: 4 }\ngracefulStop: 3s\npodHeader: X-Pod'));
    expect(s.http).toEqual({ connections: 8, pipelining: 4 });
    expect(s.gracefulStopMs).toBe(3000);
    expect(s.podHeader).toBe('x-pod');
  });

  it('thresholds in both forms', () => {
    const s = parse(withLoad('{ model: open, rate: 1, duration: 1s }',
      'thresholds:\n  - { threshold: "p(95) < 1.5s", abortOnFail: true, delayAbortEval: 10s }\n  - "a: avg<=200"\n  - { threshold: "error_rate < 5%" }'));
    expect(s.thresholds).toEqual([
      { expr: 'p(95) < 1.5s', request: undefined, metric: 'p95', op: '<', value: 1500, abortOnFail: true, delayAbortEvalMs: 10_000 },
      { expr: 'a: avg<=200', request: 'a', metric: 'avg', op: '<=', value: 200, abortOnFail: false, delayAbortEvalMs: 0 },
      { expr: 'error_rate < 5%', request: undefined, metric: 'error_rate', op: '<', value: 0.05, abortOnFail: false, delayAbortEvalMs: 0 },
    ]);
  });
});

describe('--target', () => {
  const yaml = 'name: t\ntarget: http://127.0.0.1:1\nrequests: [ { name: a }, { name: b, target: "http://127.0.0.1:2" } ]\nload: { model: open, rate: 1, duration: 1s }';
  it('replaces the scenario target; a per-request target still wins', () => {
    const s = parseScenario(yaml, '/tmp/s.yaml', { target: 'http://127.0.0.1:9' });
    expect(s.target).toBe('http://127.0.0.1:9');
    expect(s.requests.map((r) => r.target)).toEqual(['http://127.0.0.1:9', 'http://127.0.0.1:2']);
  });
  it('supplies the target a scenario does not have', () => {
    const s = parse('name: t\nrequests: [ { name: a } ]\nload: { model: open, rate: 1, duration: 1s }', { target: 'http://127.0.0.1:7' });
    expect(s.requests[0]?.target).toBe('http://127.0.0.1:7');
  });
});
