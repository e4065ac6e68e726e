import { benchRows, formatTable, medianByRps, type BenchMeasurements } from './report';
import type { ScaletraceResult } from './scaletrace-runs';
import type { ToolResult } from './tool-parsers';

const tool = (rps: number): ToolResult => ({ rps, requests: rps * 10, durationS: 10, p50Ms: 1, p99Ms: 5, errors: 0, non2xx: 0 });

function st(rps: number, over: Partial<ScaletraceResult> = {}, lagP99Ms = 0.5): ScaletraceResult {
  const requests = rps * 10;
  return {
    id: 'x', model: 'closed', rps, requests, failed: 0, durationS: 10, iterationsDropped: 0, latencyP99Ms: 3,
    scheduleLagP50Ms: 0.01, scheduleLagP99Ms: lagP99Ms,
    lastStage: { target: rps, rps, requests, durationS: 10, iterationsDropped: 0, scheduleLagP50Ms: 0.01, scheduleLagP99Ms: lagP99Ms },
    spans: { created: requests, exported: requests, spilled: 0, dropped: 0 },
    traced: true, rss: { peakMb: 120, samples: [] }, wallS: 11, ...over,
  };
}

function measurements(over: Partial<BenchMeasurements> = {}): BenchMeasurements {
  return {
    wrk: tool(200_000), autocannon: tool(90_000), untraced: st(85_000), traced: st(60_000),
    slowSink: st(20_000), slowSinkRate: 20_000, openHalf: st(42_500), openHalfRate: 42_500, ...over,
  };
}

const metOf = (m: BenchMeasurements): (boolean | undefined)[] => benchRows(m).map((r) => r.met);

describe('benchRows', () => {
  it('meets every goal when the figures do, and marks reference rows and the skipped soak as no goal', () => {
    expect(metOf(measurements())).toEqual([undefined, undefined, true, true, true, true, true, undefined]);
  });

  it('fails untraced below 0.9× and traced below 0.6× autocannon', () => {
    const rows = benchRows(measurements({ untraced: st(80_000), traced: st(53_000) }));
    expect(rows[2]?.ratio).toBe(0.89);
    expect(rows[2]?.met).toBe(false);
    expect(rows[3]?.met).toBe(false);
  });

  it('fails the traced row when one span was spilled instead of exported', () => {
    const traced = st(60_000, { spans: { created: 600_000, exported: 599_999, spilled: 1, dropped: 0 } });
    expect(metOf(measurements({ traced }))[3]).toBe(false);
  });

  it('allows spill but not a dropped span or a missed rate with the 50 ms sink', () => {
    const spilled = st(20_000, { spans: { created: 200_000, exported: 150_000, spilled: 50_000, dropped: 0 } });
    const dropped = st(20_000, { spans: { created: 200_000, exported: 199_999, spilled: 0, dropped: 1 } });
    expect(metOf(measurements({ slowSink: spilled }))[4]).toBe(true);
    expect(metOf(measurements({ slowSink: dropped }))[4]).toBe(false);
    expect(metOf(measurements({ slowSink: st(19_700) }))[4]).toBe(false);
  });

  it('judges the open model on its last (steady) stage: rate within 1 %, p99 lag under 1 ms', () => {
    expect(metOf(measurements({ openHalf: st(42_000) }))[5]).toBe(false);
    expect(metOf(measurements({ openHalf: st(42_200) }))[5]).toBe(true);
    expect(metOf(measurements({ openHalf: st(42_500, {}, 1.2) }))[5]).toBe(false);
  });

  it('fails RSS at 200 MB and judges the soak on growth', () => {
    expect(metOf(measurements({ traced: st(60_000, { rss: { peakMb: 201, samples: [] } }) }))[6]).toBe(false);
    const soak = { durationS: 600, rps: 1, peakMb: 150, samples: [], spans: { created: 0, exported: 0, spilled: 0, dropped: 0 } };
    expect(metOf(measurements({ soak: { ...soak, growthPercent: 4 } }))[7]).toBe(true);
    expect(metOf(measurements({ soak: { ...soak, growthPercent: 12 } }))[7]).toBe(false);
  });
});

describe('medianByRps', () => {
  it('picks the middle run, the lower one for an even count', () => {
    expect(medianByRps([tool(3), tool(1), tool(2)]).rps).toBe(2);
    expect(medianByRps([tool(4), tool(1)]).rps).toBe(1);
  });
});

describe('formatTable', () => {
  it('prints one aligned line per row with the ratio and verdict', () => {
    const lines = formatTable(benchRows(measurements({ untraced: st(80_000) }))).split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^run\s+req\/s\s+vs autocannon\s+goal\s+result\s+detail$/);
    expect(lines[4]).toMatch(/^scaletrace untraced\s+80,000\s+0\.89×\s+≥ 0\.9× autocannon\s+NOT MET/);
    expect(new Set(lines.slice(2).map((l) => l.indexOf('×')).filter((i) => i > 0)).size).toBe(1);
  });
});
