import { LoadEngine } from './load-engine';
import { RecordingObserver, closedPort, requestSpec, scenarioOf, startTestTarget, type TestTarget } from './test-target';
import { scheduleLagMs } from './types';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

let target: TestTarget;
beforeAll(async () => { target = await startTestTarget(); });
afterAll(async () => { await target.close(); });

/**
 * What the machine cost this process while a test ran: how late a 1 ms timer fired (ms). On a
 * busy CI machine (other test workers, their servers) the process waits for a core; schedule lag
 * beyond this delay is what the scheduler itself adds, so timing bounds are relative to it.
 */
function loopDelay(): { stop: () => IntervalHistogram } {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  return { stop: () => { h.disable(); return h; } };
}
const ms = (ns: number): number => ns / 1e6;

/**
 * Schedule lag (ms) that the machine alone explains. The loop-delay histogram counts one sample per
 * timer firing, so a 20 ms stall is one sample while every arrival due in those 20 ms waits behind
 * it: on a starved process (loop delay p99 above 2 ms: other test workers, VM steal) a median
 * arrival can be as late as the stalls, bounded by the delay's p99. On a quiet machine it is the p50.
 */
function machineLagMs(delay: IntervalHistogram): number {
  const p50 = Math.max(0, ms(delay.percentile(50)) - 1);
  const p99 = Math.max(0, ms(delay.percentile(99)) - 1);
  return p99 > 2 ? p99 : p50;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

describe('open model', () => {
  it('achieves 500 rps within 2% over 3 s, on schedule', async () => {
    const machine = loopDelay();
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(target.url, '/ok')], { model: 'open', stages: [{ durationMs: 3000, rate: 500 }], maxInFlight: 1000 }),
      observer,
    });
    const outcome = await engine.run();
    const delay = machine.stop();
    await engine.close();
    expect(outcome.endedBy).toBe('completed');
    const recs = observer.records;
    const firstIntended = Math.min(...recs.map((r) => r.intendedStart));
    const lastIntended = Math.max(...recs.map((r) => r.intendedStart));
    const achieved = recs.length / ((lastIntended - firstIntended) / 1000 + 1 / 500);
    expect(Math.abs(achieved - 500) / 500).toBeLessThan(0.02);
    // arrivals are exact: 1500 of them, 2 ms apart, sent (start) over the same 3 s
    expect(recs).toHaveLength(1500);
    expect(observer.errorsByType()).toEqual({});
    const sentSpan = Math.max(...recs.map((r) => r.start)) - Math.min(...recs.map((r) => r.start));
    expect(Math.abs(sentSpan - 2998)).toBeLessThan(60);
    const lags = recs.map(scheduleLagMs);
    expect(Math.min(...lags)).toBeGreaterThanOrEqual(0);
    // the first second includes JIT warm-up and connection setup; judge the steady state
    const steady = recs.filter((r) => r.intendedStart - firstIntended >= 1000).map(scheduleLagMs);
    const p50 = percentile(steady, 0.5);
    const p99 = percentile(steady, 0.99);
    // The event loop's own delay (its 1 ms timer fired late by this much) is what the machine
    // imposed; an idle machine shows ~0.1 ms, a CI machine running other tests can show 10 ms.
    const explained = machineLagMs(delay);
    console.log(`open 500 rps schedule lag (after 1 s): p50=${p50.toFixed(3)} ms p99=${p99.toFixed(3)} ms; whole run p99=${percentile(lags, 0.99).toFixed(3)} ms; event-loop delay p50=${ms(delay.percentile(50)).toFixed(3)} p99=${ms(delay.percentile(99)).toFixed(3)} ms → machine explains ${explained.toFixed(3)} ms`);
    // A timer-only scheduler would add ~1 ms on top of what the machine costs. p99 is only
    // logged: it measures the machine (VM steal, the in-process target, other test workers).
    expect(p50).toBeLessThan(0.5 + explained);
    expect(observer.stages.map((s) => s.stage)).toEqual([0]);
    expect(recs.every((r) => r.vu === 0 && r.stage === 0)).toBe(true);
    expect(new Set(recs.map((r) => r.iteration)).size).toBe(1500);
  });

  it('follows stages and reports the target rate', async () => {
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(target.url, '/ok')], { model: 'open', startRate: 0, stages: [{ durationMs: 400, rate: 100 }, { durationMs: 300, rate: 0 }, { durationMs: 200, rate: 100 }], maxInFlight: 100 }),
      observer,
    });
    const done = engine.run();
    await new Promise((r) => setTimeout(r, 200));
    expect(engine.gauges().targetRate).toBeGreaterThan(35);
    expect(engine.gauges().targetRate).toBeLessThan(65);
    const outcome = await done;
    // After the schedule ends the gauge keeps the last stage's target (the final row's "of N/s").
    expect(engine.gauges().targetRate).toBe(100);
    await engine.close();
    expect(outcome.endedBy).toBe('completed');
    expect(outcome.endedAt - outcome.startedAt).toBeGreaterThanOrEqual(899);
    expect(observer.stages.map((s) => s.stage)).toEqual([0, 1, 2]);
    expect(observer.stages[2]!.at - observer.stages[0]!.at).toBeCloseTo(700, 6);
    // 0→100 over 0.4 s = 20, 100→0 over 0.3 s = 15, 0→100 over 0.2 s = 10
    const byStage = [0, 1, 2].map((s) => observer.records.filter((r) => r.stage === s).length);
    expect(byStage).toEqual([20, 15, 10]);
  });

  it('drops arrivals beyond maxInFlight and counts them', async () => {
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(target.url, '/slow?ms=400')], { model: 'open', stages: [{ durationMs: 300, rate: 200 }], maxInFlight: 10 }),
      observer,
    });
    await engine.run();
    await engine.close();
    expect(observer.records).toHaveLength(10);
    expect(observer.dropped).toHaveLength(50);
    expect(engine.gauges().dropped).toBe(50);
    expect(observer.errorsByType()).toEqual({});
  });

  it('keeps the schedule when the target refuses connections', async () => {
    const port = await closedPort();
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(`http://127.0.0.1:${port}`, '/ok')], { model: 'open', stages: [{ durationMs: 1000, rate: 3000 }], maxInFlight: 10_000 }),
      observer,
    });
    const machine = loopDelay();
    const outcome = await engine.run();
    const delay = machine.stop();
    await engine.close();
    expect(outcome.endedBy).toBe('completed');
    // 1 s of schedule plus refusals, not 3000 connect attempts in a row; a starved process may
    // also be late by its worst event-loop stall.
    expect(outcome.endedAt - outcome.startedAt).toBeLessThan(1300 + ms(delay.max));
    expect(observer.errorsByType()).toEqual({ ECONNREFUSED: 3000 });
    // most arrivals fail fast instead of each opening a socket; real connects still probe the target
    const notSent = observer.records.filter((r) => r.errorMessage?.includes('not sent')).length;
    expect(notSent).toBeGreaterThan(2000);
    expect(notSent).toBeLessThan(3000);
    const lags = observer.records.map((r) => r.start - r.intendedStart).sort((a, b) => a - b);
    expect(lags[Math.floor(lags.length / 2)]).toBeLessThan(1 + machineLagMs(delay));
  });

  it('stop() ends sending at once and aborts what outlives gracefulStopMs', async () => {
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(target.url, '/hang')], { model: 'open', stages: [{ durationMs: 10_000, rate: 100 }], maxInFlight: 1000 }, { gracefulStopMs: 150 }),
      observer,
    });
    const done = engine.run();
    await new Promise((r) => setTimeout(r, 300));
    const stopAt = performance.timeOrigin + performance.now();
    engine.stop();
    engine.stop();
    const outcome = await done;
    expect(outcome.endedBy).toBe('stopped');
    expect(outcome.endedAt - stopAt).toBeGreaterThanOrEqual(140);
    expect(outcome.endedAt - stopAt).toBeLessThan(400);
    const sent = engine.gauges().sent;
    expect(sent).toBeGreaterThanOrEqual(28);
    expect(sent).toBeLessThanOrEqual(32);
    expect(observer.records).toHaveLength(sent);
    expect(observer.errorsByType()).toEqual({ aborted: sent });
    expect(observer.records.every((r) => r.intendedStart <= stopAt)).toBe(true);
    expect(engine.gauges().inFlight).toBe(0);
    await engine.close();
  });

  it('stop() lets in-flight requests finish within gracefulStopMs', async () => {
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(target.url, '/slow?ms=100')], { model: 'open', stages: [{ durationMs: 10_000, rate: 50 }], maxInFlight: 1000 }, { gracefulStopMs: 2000 }),
      observer,
    });
    const done = engine.run();
    await new Promise((r) => setTimeout(r, 250));
    engine.stop();
    await done;
    await engine.close();
    expect(observer.records.length).toBeGreaterThanOrEqual(12);
    expect(observer.errorsByType()).toEqual({});
  });
});
