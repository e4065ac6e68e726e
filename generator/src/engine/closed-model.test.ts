import { LoadEngine } from './load-engine';
import { RecordingObserver, closedPort, requestSpec, scenarioOf, startTestTarget, type TestTarget } from './test-target';
import type { RequestRecord } from './types';

let target: TestTarget;
beforeAll(async () => { target = await startTestTarget(); });
afterAll(async () => { await target.close(); });

function byVu(records: RequestRecord[]): Map<number, RequestRecord[]> {
  const m = new Map<number, RequestRecord[]>();
  for (const r of records) m.set(r.vu, [...(m.get(r.vu) ?? []), r]);
  return m;
}

describe('closed model', () => {
  it('runs exactly 1000 iterations with 10 VUs', async () => {
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(target.url, '/ok')], { model: 'closed', stages: [{ durationMs: 0, vus: 10 }], iterations: 1000 }),
      observer,
    });
    const outcome = await engine.run();
    await engine.close();
    expect(outcome.endedBy).toBe('completed');
    expect(observer.records).toHaveLength(1000);
    expect(engine.gauges()).toMatchObject({ sent: 1000, completed: 1000, inFlight: 0 });
    const vus = byVu(observer.records);
    expect([...vus.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const recs of vus.values()) expect(recs.map((r) => r.iteration)).toEqual(recs.map((_, i) => i));
  });

  it('waits the think time between iterations', async () => {
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(target.url, '/ok')], { model: 'closed', stages: [{ durationMs: 1000, vus: 2 }], thinkTime: { minMs: 100, maxMs: 150 } }),
      observer,
    });
    await engine.run();
    await engine.close();
    for (const recs of byVu(observer.records).values()) {
      expect(recs.length).toBeGreaterThanOrEqual(6);
      expect(recs.length).toBeLessThanOrEqual(10);
      for (let i = 1; i < recs.length; i++) expect(recs[i]!.start - recs[i - 1]!.end).toBeGreaterThanOrEqual(99);
    }
  });

  it('ramps VUs up and down and reports stages', async () => {
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(target.url, '/slow?ms=5')], { model: 'closed', startVus: 0, stages: [{ durationMs: 400, vus: 8 }, { durationMs: 300, vus: 8 }, { durationMs: 300, vus: 0 }] }),
      observer,
    });
    const done = engine.run();
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(engine.gauges().vus ?? -1), 50);
    const outcome = await done;
    clearInterval(sampler);
    await engine.close();
    expect(outcome.endedBy).toBe('completed');
    expect(observer.stages.map((s) => s.stage)).toEqual([0, 1, 2]);
    expect(Math.max(...samples)).toBe(8);
    expect(samples[0]).toBeLessThanOrEqual(2);
    const vus = new Set(observer.records.map((r) => r.vu));
    expect([...vus].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // VU 8 only runs once the ramp reaches 7.5 (t ≈ 375 ms) and stops on the way down (t ≈ 720 ms)
    const t0 = outcome.startedAt;
    const vu8 = observer.records.filter((r) => r.vu === 8);
    expect(Math.min(...vu8.map((r) => r.start - t0))).toBeGreaterThan(300);
    expect(Math.max(...vu8.map((r) => r.start - t0))).toBeLessThan(800);
    expect(observer.records.filter((r) => r.stage === 1).every((r) => r.start - t0 >= 399)).toBe(true);
  });

  it('stop() ends the VU loops', async () => {
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(target.url, '/slow?ms=20')], { model: 'closed', stages: [{ durationMs: 60_000, vus: 5 }] }),
      observer,
    });
    const done = engine.run();
    await new Promise((r) => setTimeout(r, 200));
    engine.stop();
    const stoppedAt = performance.timeOrigin + performance.now();
    const outcome = await done;
    await engine.close();
    expect(outcome.endedBy).toBe('stopped');
    expect(outcome.endedAt - stoppedAt).toBeLessThan(100);
    expect(observer.records.every((r) => r.start <= stoppedAt)).toBe(true);
    expect(observer.errorsByType()).toEqual({});
    expect(engine.gauges().vus).toBe(0);
  });

  it('backs off instead of spinning when the target refuses connections', async () => {
    const port = await closedPort();
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(`http://127.0.0.1:${port}`, '/ok')], { model: 'closed', stages: [{ durationMs: 500, vus: 4 }] }),
      observer,
    });
    const outcome = await engine.run();
    await engine.close();
    expect(outcome.endedBy).toBe('completed');
    expect(outcome.endedAt - outcome.startedAt).toBeLessThan(700);
    // 4 VUs × (500 ms / 25 ms backoff) ≈ 80 attempts, not tens of thousands
    expect(observer.records.length).toBeGreaterThan(20);
    expect(observer.records.length).toBeLessThan(120);
    expect(observer.errorsByType()).toEqual({ ECONNREFUSED: observer.records.length });
  });
});
