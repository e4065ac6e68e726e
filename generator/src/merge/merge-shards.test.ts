import { RunAggregator, type ScalingSection } from '../results';
import { record, testScenario } from '../results/test-fixtures';
import type { ShardFile } from '../shards';
import { mergeShards } from './merge-shards';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const scenario = testScenario(['requests >= 300', 'p99 < 400ms']);
const scaling: ScalingSection = { namespace: 'demo', watcherAvailable: true, problems: [], hpas: [] };

/** Shard i of `count`: 100 requests, latencies 10·(i+1) ms (so the merged p99 depends on every shard). */
function shard(index: number, count: number, over: Partial<ShardFile> = {}): { file: string; shard: ShardFile } {
  const agg = new RunAggregator({ scenario, runId: 'run-1', startedAt: T0, keepSecondHistograms: true });
  agg.onStage(0, T0);
  for (let i = 0; i < 100; i++) agg.onRequest(record({ at: T0 + i, latencyMs: 100 * (index + 1), errorType: i < index ? '503' : undefined }));
  agg.tick(T0 + 1000, { stage: 0, targetRate: 50, inFlight: 0, sent: 0, completed: 0, dropped: 0 });
  const spans = { created: 100, exported: 100, spilled: 0, dropped: 0 };
  return {
    file: `shard-${index}/shard.json`,
    shard: {
      kind: 'scaletrace-shard', schemaVersion: 2, runId: 'run-1', shard: { index, count }, workers: 1,
      start: { source: 'start-at', at: new Date(T0).toISOString(), lateMs: 0 }, scenario,
      meta: { endedAt: T0 + 2000 + index, status: 'passed', spans, telemetry: { spans, metricsExported: true }, ...(index === 0 ? { scaling } : {}) },
      recorders: { aggregator: JSON.parse(JSON.stringify(agg.state())) as ShardFile['recorders']['aggregator'] },
      ...over,
    },
  };
}

describe('mergeShards', () => {
  it('sums totals, merges percentiles and re-evaluates thresholds on the whole run', () => {
    const shards = [shard(0, 3), shard(1, 3), shard(2, 3)];
    // each shard alone fails "requests >= 300" (it has 100)
    const alone = mergeShards([shards[2]!], { allowPartial: true });
    expect(alone.summary.thresholds[0]).toMatchObject({ expr: 'requests >= 300', ok: false, value: 100 });

    const { summary, rows, warnings } = mergeShards(shards);
    expect(warnings).toEqual([]);
    expect(summary.run.id).toBe('run-1');
    expect(summary.totals).toMatchObject({ requests: 300, failed: 3, errors: { '503': 3 } });
    expect(summary.totals.latency).toMatchObject({ min: 100, max: 300 });
    expect(summary.totals.latency.p50).toBeCloseTo(200, 0);
    expect(summary.totals.latency.p99).toBeCloseTo(300, 0);
    expect(summary.thresholds).toEqual([
      { expr: 'requests >= 300', ok: true, value: 300, unit: 'count' },
      { expr: 'p99 < 400ms', ok: true, value: summary.totals.latency.p99, unit: 'ms' },
    ]);
    expect(summary.run.status).toBe('passed');
    expect(summary.telemetry.spans).toEqual({ created: 300, exported: 300, spilled: 0, dropped: 0 });
    expect(summary.scaling).toEqual(scaling);
    expect(summary.run.endedAt).toBe(new Date(T0 + 2002).toISOString());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rps: 300, target: 150, errors: 3 });
  });

  it('a merged threshold can fail where every shard passed it, and interrupted wins', () => {
    const strict = testScenario(['p99 < 250ms']);
    const shards = [shard(0, 3), shard(1, 3), shard(2, 3)].map((s) => ({ ...s, shard: { ...s.shard, scenario: strict } }));
    expect(mergeShards(shards).summary.run.status).toBe('failed');
    shards[1]!.shard.meta = { ...shards[1]!.shard.meta, status: 'interrupted' };
    expect(mergeShards(shards).summary.run.status).toBe('interrupted');
  });

  it('refuses shards of different runs, duplicates and (unless allowed) missing shards', () => {
    expect(() => mergeShards([shard(0, 2), shard(1, 2, { runId: 'other' })])).toThrow(/different runs/);
    expect(() => mergeShards([shard(0, 2), shard(0, 2)])).toThrow(/shard 0 is also in/);
    expect(() => mergeShards([shard(0, 2), shard(1, 3)])).toThrow(/shard count/);
    expect(() => mergeShards([shard(0, 3), shard(2, 3)])).toThrow(/shard 1 of 3 missing/);
    const partial = mergeShards([shard(0, 3), shard(2, 3)], { allowPartial: true });
    expect(partial.summary.totals.requests).toBe(200);
    expect(partial.warnings).toEqual(['shard 1 of 3 missing: totals cover 2 of 3 shards']);
  });
});
