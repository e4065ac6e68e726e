import { LoadEngine } from './load-engine';
import { RecordingObserver, closedPort, requestSpec, scenarioOf, startTestTarget, type TestTarget } from './test-target';
import type { RequestSpec } from '../scenario';

let target: TestTarget;
beforeAll(async () => { target = await startTestTarget(); });
afterAll(async () => { await target.close(); });

/** Runs `iterations` requests with `vus` VUs and returns what the observer saw. */
async function runRequests(requests: RequestSpec[], iterations: number, vus = 1, extra = {}): Promise<RecordingObserver> {
  const observer = new RecordingObserver();
  const engine = new LoadEngine({
    scenario: scenarioOf(requests, { model: 'closed', stages: [{ durationMs: 0, vus }], iterations }, extra),
    observer,
  });
  try {
    const outcome = await engine.run();
    expect(outcome.endedBy).toBe('completed');
  } finally {
    await engine.close();
  }
  expect(observer.records).toHaveLength(iterations);
  return observer;
}

describe('request outcomes', () => {
  it('records a 200 with ttfb, bytes and ordered timestamps', async () => {
    const [r] = (await runRequests([requestSpec(target.url, '/ok')], 1)).records;
    expect(r).toMatchObject({ status: 200, errorType: undefined, bytesReceived: 2, method: 'GET', serverAddress: '127.0.0.1', serverPort: target.port, vu: 1, iteration: 0, stage: 0 });
    expect(r!.url).toBe(`${target.url}/ok`);
    expect(r!.intendedStart).toBe(r!.start);
    expect(r!.ttfb).toBeGreaterThanOrEqual(r!.start);
    expect(r!.end).toBeGreaterThanOrEqual(r!.ttfb!);
  });

  it('classifies HTTP errors by status and honours expect.status', async () => {
    const obs = await runRequests([requestSpec(target.url, '/fail'), requestSpec(target.url, '/nope')], 40);
    for (const r of obs.records) expect(r.errorType).toBe(String(r.status));
    expect(Object.keys(obs.errorsByType()).sort()).toEqual(['404', '500']);
    const ok404 = await runRequests([requestSpec(target.url, '/nope', { expect: { status: [404] } })], 2);
    expect(ok404.errorsByType()).toEqual({});
    const not201 = await runRequests([requestSpec(target.url, '/ok', { expect: { status: [201] } })], 1);
    expect(not201.records[0]!.errorType).toBe('200');
  });

  it('checks bodyContains', async () => {
    const failed = await runRequests([requestSpec(target.url, '/ok', { expect: { bodyContains: 'nope' } })], 2);
    expect(failed.errorsByType()).toEqual({ expectation_failed: 2 });
    const passed = await runRequests([requestSpec(target.url, '/slow?ms=1', { expect: { status: [200], bodyContains: 'low' } })], 2);
    expect(passed.errorsByType()).toEqual({});
  });

  it('times out requests that get no answer', async () => {
    const obs = await runRequests([requestSpec(target.url, '/hang', { timeoutMs: 200 })], 3, 3);
    expect(obs.errorsByType()).toEqual({ timeout: 3 });
    for (const r of obs.records) {
      expect(r.end - r.start).toBeGreaterThanOrEqual(199);
      expect(r.end - r.start).toBeLessThan(400);
      expect(r.status).toBe(0);
    }
  });

  it('times out requests still queued for a connection and never sends them', async () => {
    const before = target.paths.length;
    const obs = await runRequests([requestSpec(target.url, '/hang?q', { timeoutMs: 200 })], 3, 3, { http: { connections: 1, pipelining: 1 } });
    expect(obs.errorsByType()).toEqual({ timeout: 3 });
    await new Promise((r) => setTimeout(r, 100));
    // The first is sent and hangs; the other two expire while queued behind it. All three share one
    // deadline, so on a busy machine the second may be dispatched in the same millisecond the first
    // times out; the third never is.
    expect(target.paths.slice(before).filter((p) => p === '/hang?q').length).toBeLessThanOrEqual(2);
  });

  it('classifies a reset connection as ECONNRESET and a closed one as socket_closed', async () => {
    expect((await runRequests([requestSpec(target.url, '/reset')], 3)).errorsByType()).toEqual({ ECONNRESET: 3 });
    expect((await runRequests([requestSpec(target.url, '/close')], 3)).errorsByType()).toEqual({ socket_closed: 3 });
  });

  it('classifies a refused connection as ECONNREFUSED', async () => {
    const port = await closedPort();
    const obs = await runRequests([requestSpec(`http://127.0.0.1:${port}`, '/ok')], 5);
    expect(obs.errorsByType()).toEqual({ ECONNREFUSED: 5 });
  });

  it('sends a traceparent matching the record ids', async () => {
    const before = target.traceparents.length;
    const obs = await runRequests([requestSpec(target.url, '/ok')], 50, 5);
    const seen = new Set(target.traceparents.slice(before));
    expect(seen.size).toBe(50);
    for (const r of obs.records) expect(seen.has(`00-${r.traceId}-${r.spanId}-01`)).toBe(true);
  });

  it('reads the pod header', async () => {
    const obs = await runRequests([requestSpec(target.url, '/pod')], 2, 1, { podHeader: 'X-Pod' });
    expect(obs.records.map((r) => r.targetPod)).toEqual(['pod-a', 'pod-a']);
  });

  it('redacts secrets in the recorded URL but sends the real ones', async () => {
    const before = target.paths.length;
    const authed = target.url.replace('http://', 'http://user:pass@');
    const obs = await runRequests([requestSpec(authed, '/ok?token=abc&api_key=x&page=2')], 1);
    expect(obs.records[0]!.url).toBe(`${target.url}/ok?token=REDACTED&api_key=REDACTED&page=2`);
    expect(target.paths[before]).toBe('/ok?token=abc&api_key=x&page=2');
  });

  it('renders templates per VU and iteration', async () => {
    const before = target.paths.length;
    await runRequests([requestSpec(target.url, '/ok?vu=${vu}&it=${iteration}')], 4, 2);
    const seen = target.paths.slice(before).sort();
    expect(seen).toEqual(['/ok?vu=1&it=0', '/ok?vu=1&it=1', '/ok?vu=2&it=0', '/ok?vu=2&it=1']);
  });

  it('follows the weights of the request mix', async () => {
    const obs = await runRequests([requestSpec(target.url, '/ok', { name: 'a', weight: 3 }), requestSpec(target.url, '/pod', { name: 'b', weight: 1 })], 4000, 20);
    const a = obs.records.filter((r) => r.name === 'a').length;
    expect(a / 4000).toBeGreaterThan(0.72);
    expect(a / 4000).toBeLessThan(0.78);
  });
});
