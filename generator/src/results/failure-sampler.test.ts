import { RunAggregator } from './run-aggregator';
import { FailureSampler } from './failure-sampler';
import { failureLine, failuresJsonl, parseFailuresJsonl } from './failures-jsonl';
import { record, seededRandom, testScenario } from './test-fixtures';

const T0 = Date.UTC(2026, 0, 1);

describe('FailureSampler', () => {
  it('keeps the first N and a bounded reservoir per error type, oldest first', () => {
    const sampler = new FailureSampler({ firstPerType: 3, samplePerType: 5, maxTypes: 10 }, seededRandom(7));
    for (let i = 0; i < 1000; i++) sampler.record(record({ at: T0 + i, latencyMs: 1, errorType: '503' }));
    for (let i = 0; i < 2; i++) sampler.record(record({ at: T0 + 2000 + i, latencyMs: 1, errorType: 'timeout' }));
    const kept = sampler.sampled();
    expect(sampler.total).toBe(1002);
    expect(kept.filter((f) => f.record.errorType === '503' && f.kept === 'first').map((f) => f.record.intendedStart - T0)).toEqual([0, 1, 2]);
    const sample = kept.filter((f) => f.record.errorType === '503' && f.kept === 'sample');
    expect(sample).toHaveLength(5);
    // A uniform sample of 997 later failures: not simply the next five.
    expect(sample.some((f) => f.record.intendedStart - T0 > 100)).toBe(true);
    // A rare type is never crowded out by a frequent one.
    expect(kept.filter((f) => f.record.errorType === 'timeout')).toHaveLength(2);
    const times = kept.map((f) => f.record.intendedStart);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('types past maxTypes share one bounded sample', () => {
    const sampler = new FailureSampler({ firstPerType: 1, samplePerType: 1, maxTypes: 2 }, seededRandom(1));
    for (let t = 0; t < 50; t++) for (let i = 0; i < 3; i++) sampler.record(record({ at: T0 + t * 10 + i, latencyMs: 1, errorType: `E${t}` }));
    expect(sampler.total).toBe(150);
    expect(sampler.sampled()).toHaveLength(6); // 2 types × 2 + (other) × 2
  });
});

describe('RunAggregator failure capture', () => {
  it('counts per type stay exact while failures.jsonl keeps a sample with span details', () => {
    const agg = new RunAggregator({ scenario: testScenario(), runId: 'r1', startedAt: T0, failureSampling: { firstPerType: 2, samplePerType: 2, maxTypes: 5 }, random: seededRandom(3) });
    for (let i = 0; i < 500; i++) agg.onRequest(record({ at: T0 + i, latencyMs: 5, errorType: i % 10 === 0 ? '503' : undefined }));
    agg.onRequest({ ...record({ at: T0 + 600, latencyMs: 2000, errorType: 'timeout' }), status: 0, errorMessage: 'no response within 2000 ms from http://h/x?token=abc', targetPod: 'pod-a' });
    const summary = agg.buildSummary({ endedAt: T0 + 1000, status: 'passed', spans: { created: 0, exported: 0, spilled: 0, dropped: 0 }, telemetry: { spans: { created: 0, exported: 0, spilled: 0, dropped: 0 }, metricsExported: false } });
    expect(summary.errors).toEqual({ 503: 50, timeout: 1 });
    expect(summary.failures).toEqual({ file: 'failures.jsonl', total: 51, kept: 5, firstPerType: 2, samplePerType: 2, maxTypes: 5 });
    const lines = agg.failureSample().map((f) => failureLine(f, T0, (r) => ({
      name: `${r.method} ${r.name}`, kind: 'CLIENT', startTime: '', endTime: '', durationMs: 0, status: { code: 'ERROR', message: '' }, attributes: { 'error.type': r.errorType ?? '' },
    })));
    const parsed = parseFailuresJsonl(failuresJsonl(lines));
    expect(parsed).toEqual(lines);
    const timeout = parsed.find((l) => l.errorType === 'timeout');
    expect(timeout).toMatchObject({ request: 'predict', status: 0, durationMs: 2000, pod: 'pod-a', elapsedS: 0.6, kept: 'first', span: { attributes: { 'error.type': 'timeout' } } });
    // Secrets in error messages are redacted like url.full.
    expect(timeout?.errorMessage).toBe('no response within 2000 ms from http://h/x?token=REDACTED');
  });
});

describe('failures across workers and shards', () => {
  it("a worker's report carries its sampled failures and per-type counts to the coordinator", () => {
    const coordinator = new RunAggregator({ scenario: testScenario(), runId: 'r', startedAt: T0 });
    for (let report = 0; report < 3; report++) {
      const worker = new RunAggregator({ scenario: testScenario(), runId: 'r', startedAt: 0 });
      for (let i = 0; i < 100; i++) worker.onRequest(record({ at: T0 + report * 1000 + i, latencyMs: 3, errorType: i % 4 === 0 ? '503' : undefined }));
      worker.onRequest(record({ at: T0 + report * 1000 + 500, latencyMs: 2000, errorType: 'timeout' }));
      coordinator.absorbLive(JSON.parse(JSON.stringify(worker.state('buckets'))) as ReturnType<RunAggregator['state']>);
    }
    const row = coordinator.tick(T0 + 3000, { stage: 0, inFlight: 0, sent: 0, completed: 0, dropped: 0 });
    expect(row.errorsByType).toEqual({ 503: 75, timeout: 3 });
    const sample = coordinator.failureSample();
    expect(sample.filter((f) => f.record.errorType === 'timeout')).toHaveLength(3);
    expect(sample.filter((f) => f.record.errorType === '503' && f.kept === 'first')).toHaveLength(20);
    expect(sample.length).toBeLessThanOrEqual(53);
    const spans = { created: 0, exported: 0, spilled: 0, dropped: 0 };
    expect(coordinator.buildSummary({ endedAt: T0 + 3000, status: 'passed', spans, telemetry: { spans, metricsExported: false } }).failures)
      .toMatchObject({ total: 78, kept: sample.length });
  });
});
