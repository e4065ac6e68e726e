import type { EngineGauges } from '../engine';
import type { AggregatorState } from './aggregator-state';
import { RunAggregator } from './run-aggregator';
import { bruteForcePercentile, record, seededRandom, testScenario } from './test-fixtures';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const gauges = (targetRate: number): EngineGauges => ({ stage: 0, targetRate, inFlight: 1, sent: 0, completed: 0, dropped: 0 });
const noSpans = { created: 0, exported: 0, spilled: 0, dropped: 0 };
const meta = (endedAt: number) => ({ endedAt, status: 'passed' as const, spans: noSpans, telemetry: { spans: noSpans, metricsExported: false } });
/** Through JSON, as a worker message or shard.json would carry it. */
const viaJson = (s: AggregatorState): AggregatorState => JSON.parse(JSON.stringify(s)) as AggregatorState;

describe('AggregatorState: merging parts equals recording everything in one place', () => {
  it('exact totals, errors, per name, per stage and percentiles; seconds merged row by row', () => {
    const scenario = testScenario(['p95 < 1s']);
    const random = seededRandom(42);
    const whole = new RunAggregator({ scenario, runId: 'r', startedAt: T0, keepSecondHistograms: true });
    const parts = [0, 1, 2].map(() => new RunAggregator({ scenario, runId: 'r', startedAt: T0, keepSecondHistograms: true }));
    const latencies: number[] = [];
    for (const agg of [whole, ...parts]) agg.onStage(0, T0);
    for (let second = 0; second < 4; second++) {
      for (let i = 0; i < 600; i++) {
        // heavy tail: 1 ms … 4 s, so many HDR buckets are involved
        const latencyMs = Math.round(Math.exp(random() * Math.log(4000)) * 1000) / 1000;
        const rec = record({
          name: i % 4 === 0 ? 'health' : 'predict', stage: second < 2 ? 0 : 1, at: T0 + second * 1000 + i,
          latencyMs, lagMs: random(), ttfbMs: latencyMs / 2, errorType: i % 50 === 0 ? '503' : undefined, bytes: 10,
        });
        latencies.push(latencyMs);
        whole.onRequest(rec);
        (parts[i % 3] as RunAggregator).onRequest(rec);
      }
      if (second === 1) for (const agg of [whole, ...parts]) agg.onStage(1, T0 + 2000);
      const now = T0 + (second + 1) * 1000;
      whole.tick(now, gauges(90));
      for (const agg of parts) agg.tick(now, gauges(30));
    }
    parts[2]!.onDropped(1, T0 + 3500);
    whole.onDropped(1, T0 + 3500);

    const merged = new RunAggregator({ scenario, runId: 'r', startedAt: T0 });
    for (const agg of parts) merged.absorb(viaJson(agg.state()));
    const a = merged.buildSummary(meta(T0 + 4000));
    const b = whole.buildSummary(meta(T0 + 4000));
    // the same values in the same histograms: identical, not merely close
    expect(a).toEqual(b);
    // the workers' cheap bucket form is just as exact as the HDR encoding
    const viaBuckets = new RunAggregator({ scenario, runId: 'r', startedAt: T0 });
    for (const agg of parts) viaBuckets.absorb(viaJson(agg.state('buckets')));
    expect(viaBuckets.buildSummary(meta(T0 + 4000))).toEqual(b);
    expect(parts[0]!.state('buckets').total.latency.histogram).toBe('');
    expect(a.totals.requests).toBe(2400);
    expect(a.totals.dropped).toBe(1);

    // and within HDR precision (3 significant digits) of the exact percentiles of the raw values
    const sorted = [...latencies].sort((x, y) => x - y);
    for (const [p, key] of [[50, 'p50'], [95, 'p95'], [99, 'p99'], [99.9, 'p999']] as const) {
      const exact = bruteForcePercentile(sorted, p);
      expect(Math.abs(a.totals.latency[key] - exact)).toBeLessThanOrEqual(exact * 0.001 + 0.001);
    }

    const rows = merged.timeseries();
    expect(rows).toEqual(whole.timeseries().map((r) => ({ ...r, target: 90, inFlight: 3 })));
    expect(rows.map((r) => r.rps)).toEqual([600, 600, 600, 600]);
    expect(rows.map((r) => r.requests)).toEqual([600, 600, 600, 600]);
  });

  it('a merge that lost a part would show: counts and percentiles differ', () => {
    const scenario = testScenario();
    const parts = [0, 1].map(() => new RunAggregator({ scenario, runId: 'r', startedAt: T0 }));
    for (let i = 0; i < 100; i++) parts[0]!.onRequest(record({ at: T0 + i, latencyMs: 10 }));
    for (let i = 0; i < 100; i++) parts[1]!.onRequest(record({ at: T0 + i, latencyMs: 500 }));
    const merged = new RunAggregator({ scenario, runId: 'r', startedAt: T0 });
    merged.absorb(viaJson(parts[0]!.state()));
    const half = merged.buildSummary(meta(T0 + 1000));
    merged.absorb(viaJson(parts[1]!.state()));
    const full = merged.buildSummary(meta(T0 + 1000));
    expect(half.totals.requests).toBe(100);
    expect(full.totals.requests).toBe(200);
    expect(half.totals.latency.p99).toBe(10);
    expect(full.totals.latency.p99).toBeCloseTo(500, 0);
  });
});
