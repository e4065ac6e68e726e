import { benchReport, formatReport, formatTable, medianByRps, type BenchMeasurements, type GoalRow, type OpenRung } from './report';
import type { ScaletraceResult } from './scaletrace-runs';
import type { StreamCaseResult, TimingCheck } from './stream-runs';
import type { ToolResult, VegetaResult } from './tool-parsers';

const tool = (rps: number): ToolResult => ({ rps, requests: rps * 10, durationS: 10, p50Ms: 1, p99Ms: 5, errors: 0, non2xx: 0 });
const vegeta = (rps: number): VegetaResult => ({ ...tool(rps), sendRate: rps, attackS: 10, percentilesMs: { p50: 0.2, p90: 0.5, p95: 0.7, p99: 1.1 }, rssPeakMb: 30 });

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

const rung = (rate: number, held: boolean): OpenRung => ({ rate, achieved: held ? rate : rate * 0.9, held, dropped: held ? 0 : 10, errors: 0, lagP99Ms: 0.5 });

const timing = (exact: boolean): TimingCheck => ({
  generator: { p50: 50.2, p99: 52 }, target: { p50: 50, p99: 51 }, diffMs: { p50: 0.2, p99: 1 }, exact,
});

function streamCase(streams: number, over: Partial<StreamCaseResult> = {}): StreamCaseResult {
  return {
    streams, rate: streams / 5, durationS: 10, peakInFlight: streams, targetPeakActive: streams, requests: streams * 3, failed: 0, dropped: 0,
    withTokens: streams * 3, streamed: streams * 3, tokensPerResponseP50: 100, rssPeakMb: 300, rssAtStartMb: 80, rssPerStreamKb: 22.5,
    scheduleLagP99Ms: 2, loopDelayP99Ms: 3, loopDelayMaxMs: 9, ttft: timing(true), tpot: timing(true),
    targetLateMs: { count: 1, p50: 0.5, p99: 1, max: 2 }, fd: { soft: 20_000, hard: 20_000, needed: 12_200 }, ...over,
  };
}

/** Every goal met: 75k untraced = 0.94× autocannon; 60k traced = 0.75× autocannon, 0.8× untraced, 3× Locust; ScaleTrace holds the ladder as far as Vegeta. */
function measurements(over: Partial<BenchMeasurements> = {}): BenchMeasurements {
  return {
    wrk: tool(200_000), autocannon: tool(80_000), locust: tool(20_000), vegeta: vegeta(70_000),
    untraced: st(75_000), traced: st(60_000),
    slowSink: st(20_000), slowSinkRate: 20_000, openHalf: st(37_500), openHalfRate: 37_500,
    openLadder: { fractions: [0.5, 0.7], scaletrace: [rung(37_500, true), rung(52_500, true)], vegeta: [rung(37_500, true), rung(52_500, true)] },
    streams: [streamCase(2000), streamCase(10_000, { rssPeakMb: 590, scheduleLagP99Ms: 4.9 })],
    ...over,
  };
}

const goal = (m: BenchMeasurements, starts: string): GoalRow => {
  const g = benchReport(m).goals.find((r) => r.goal.startsWith(starts));
  if (g === undefined) throw new Error(`no goal starting "${starts}"`);
  return g;
};

describe('benchReport goals', () => {
  it('meets every goal when the figures do; the soak not run is "not measured"', () => {
    const goals = benchReport(measurements()).goals;
    expect(goals.filter((g) => g.met === false)).toEqual([]);
    expect(goals.filter((g) => g.met === undefined).map((g) => g.goal)).toEqual(['RSS over 10 min < 10 % growth']);
  });

  it('holds traced to 0.7× autocannon (issue 16), not issue 2\'s 0.6×', () => {
    // 55,900 / 80,000 = 0.69875: met under 0.6, not under 0.7 (and not rounded up to 0.7)
    expect(goal(measurements({ traced: st(55_900) }), 'traced ≥ 0.7× autocannon').met).toBe(false);
    expect(goal(measurements({ traced: st(56_000) }), 'traced ≥ 0.7× autocannon').met).toBe(true);
    // 71,900 / 80,000 = 0.89875
    expect(goal(measurements({ untraced: st(71_900) }), 'untraced ≥ 0.9×').met).toBe(false);
  });

  it('holds traced to 0.8× its own untraced rate, with every span exported', () => {
    expect(goal(measurements({ untraced: st(76_000) }), 'traced ≥ 0.8× our own').measured).toMatch(/^0\.79× \(60,000 \/ 76,000\)$/);
    expect(goal(measurements({ untraced: st(76_000) }), 'traced ≥ 0.8× our own').met).toBe(false);
    const spilled = st(60_000, { spans: { created: 600_000, exported: 599_999, spilled: 1, dropped: 0 } });
    expect(goal(measurements({ traced: spilled }), 'traced ≥ 0.8× our own').met).toBe(false);
  });

  it('holds traced to 3× Locust, and says why when Locust was not measured', () => {
    expect(goal(measurements({ locust: tool(20_001) }), 'traced ≥ 3× Locust').met).toBe(false);
    const skipped = goal(measurements({ locust: { skipped: 'Locust not found at /x: run scripts/bench-setup.sh' } }), 'traced ≥ 3× Locust');
    expect(skipped.met).toBeUndefined();
    expect(skipped.measured).toBe('not measured: Locust not found at /x: run scripts/bench-setup.sh');
  });

  it('compares the highest rate each tool held on the open-model ladder', () => {
    const ladder = (ours: OpenRung[], theirs: OpenRung[]): BenchMeasurements => measurements({ openLadder: { fractions: [], scaletrace: ours, vegeta: theirs } });
    const behind = ladder([rung(100, true), rung(140, false)], [rung(100, true), rung(140, true), rung(170, false)]);
    expect(goal(behind, 'open model untraced ≥ Vegeta').met).toBe(false);
    expect(goal(behind, 'open model untraced ≥ Vegeta').measured).toBe('scaletrace held 100/s, Vegeta 140/s');
    expect(goal(ladder([rung(100, true), rung(140, true)], [rung(100, false)]), 'open model untraced ≥ Vegeta').met).toBe(true);
    // a rung held after one missed does not count
    expect(goal(ladder([rung(100, false), rung(140, true)], [rung(100, true), rung(140, false)]), 'open model untraced ≥ Vegeta').met).toBe(false);
    // both missing the lowest rung compares nothing
    expect(goal(ladder([rung(100, false)], [rung(100, false)]), 'open model untraced ≥ Vegeta').met).toBeUndefined();
    expect(goal(ladder([rung(100, false)], [rung(100, true), rung(140, false)]), 'open model untraced ≥ Vegeta').met).toBe(false);
    const skipped = measurements({ openLadder: { fractions: [], scaletrace: [rung(100, true)], vegeta: { skipped: 'Vegeta not found' } } });
    expect(goal(skipped, 'open model untraced ≥ Vegeta').met).toBeUndefined();
  });

  it('judges the half-max open run on its last stage: rate within 1 %, p99 lag under 1 ms', () => {
    expect(goal(measurements({ openHalf: st(37_000) }), 'open ½ max').met).toBe(false);
    expect(goal(measurements({ openHalf: st(37_200) }), 'open ½ max').met).toBe(true);
    expect(goal(measurements({ openHalf: st(37_500, {}, 1.2) }), 'open ½ max').met).toBe(false);
  });

  it('allows spill but not a dropped span or a missed rate with the 50 ms sink', () => {
    const spilled = st(20_000, { spans: { created: 200_000, exported: 150_000, spilled: 50_000, dropped: 0 } });
    const dropped = st(20_000, { spans: { created: 200_000, exported: 199_999, spilled: 0, dropped: 1 } });
    expect(goal(measurements({ slowSink: spilled }), 'traced, 50 ms sink').met).toBe(true);
    expect(goal(measurements({ slowSink: dropped }), 'traced, 50 ms sink').met).toBe(false);
    expect(goal(measurements({ slowSink: st(19_700) }), 'traced, 50 ms sink').met).toBe(false);
  });

  it('fails RSS at 200 MB and judges the soak on growth', () => {
    expect(goal(measurements({ traced: st(60_000, { rss: { peakMb: 201, samples: [] } }) }), 'peak RSS at max rate').met).toBe(false);
    const soak = { durationS: 600, rps: 1, peakMb: 150, samples: [], spans: { created: 0, exported: 0, spilled: 0, dropped: 0 } };
    expect(goal(measurements({ soak: { ...soak, growthPercent: 4 } }), 'RSS over 600 s').met).toBe(true);
    expect(goal(measurements({ soak: { ...soak, growthPercent: 12 } }), 'RSS over 600 s').met).toBe(false);
  });

  it('holds 10,000 streams to < 600 MB with lag p99 < 5 ms, and every count to exact timing', () => {
    const at = (c: StreamCaseResult): BenchMeasurements => measurements({ streams: [streamCase(2000), c] });
    expect(goal(at(streamCase(10_000, { rssPeakMb: 600 })), '10,000 streams in < 600 MB').met).toBe(false);
    expect(goal(at(streamCase(10_000, { scheduleLagP99Ms: 5 })), '10,000 streams in < 600 MB').met).toBe(false);
    expect(goal(at(streamCase(10_000, { tpot: timing(false) })), '10,000 streams: lag').met).toBe(false);
    expect(goal(at(streamCase(10_000, { failed: 1 })), '10,000 streams: lag').met).toBe(false);
    expect(goal(at(streamCase(10_000)), '10,000 streams: lag').met).toBe(true);
  });

  it('leaves the 10,000-stream goal unmeasured for a smaller --streams, and reports a skipped count', () => {
    const small = measurements({ streams: [streamCase(200), { streams: 10_000, skipped: 'ulimit -n is 1024' }] });
    expect(goal(small, '200 streams: lag').met).toBe(true);
    expect(goal(small, '10,000 streams').measured).toBe('not measured: ulimit -n is 1024');
    expect(goal(small, '10,000 streams in < 600 MB').met).toBeUndefined();
  });
});

describe('benchReport tables', () => {
  it('lists every peer with its ratio, percentiles and RSS, and a missing one as skipped', () => {
    const rows = benchReport(measurements({ locust: { skipped: 'Locust not found: run scripts/bench-setup.sh' } })).throughput;
    expect(rows.map((r) => r.run)).toEqual([
      'wrk -t1 (C)', 'autocannon (baseline)', 'Locust FastHttpUser, 1 process', 'Vegeta -rate=0', 'scaletrace untraced', 'scaletrace traced (0 ms sink)',
    ]);
    expect(rows[2]).toEqual({ run: 'Locust FastHttpUser, 1 process', detail: 'SKIPPED: Locust not found: run scripts/bench-setup.sh' });
    expect(rows[3]).toMatchObject({ rps: 70_000, ratio: 0.88, percentilesMs: { p50: 0.2, p99: 1.1 }, rssPeakMb: 30 });
  });

  it('prints the open ladder side by side and the goals with their verdicts', () => {
    const text = formatReport(benchReport(measurements({ untraced: st(71_000) })), 50);
    expect(text).toMatch(/^Max rate, 50 connections/);
    expect(text).toMatch(/^37,500\/s\s+held 37,500\/s\s+0\.5 ms\s+held 37,500\/s$/m);
    expect(text).toMatch(/^untraced ≥ 0\.9× autocannon\s+NOT MET\s+0\.89×, 0 failed$/m);
    expect(text).toMatch(/^Vegeta -rate=0\s+70,000\s+0\.88×\s+p50 0\.2 · p90 0\.5 · p95 0\.7 · p99 1\.1\s+30 MB$/m);
    expect(text).toMatch(/^10,000\s+10,000 \(target 10,000\)\s+590 MB\s+22\.5 KB\s+3 ms\s+4\.9 ms\s+exact: 50\.2\/52 vs 50\/51/m);
  });
});

describe('streamRssMarginal', () => {
  it('divides the RSS between the two largest counts by the streams between them', () => {
    const m = measurements({ streams: [streamCase(200, { rssPeakMb: 100 }), streamCase(2000, { rssPeakMb: 160 }), streamCase(10_000, { rssPeakMb: 400 })] });
    // (400 − 160) MB × 1024 / 8000 streams
    expect(benchReport(m).streamRssMarginal).toEqual({ from: 2000, to: 10_000, kbPerStream: 30.7 });
    expect(benchReport(measurements({ streams: [streamCase(200)] })).streamRssMarginal).toBeUndefined();
  });
});

describe('medianByRps', () => {
  it('picks the middle run, the lower one for an even count', () => {
    expect(medianByRps([tool(3), tool(1), tool(2)]).rps).toBe(2);
    expect(medianByRps([tool(4), tool(1)]).rps).toBe(1);
  });
});

describe('formatTable', () => {
  it('aligns columns and right-aligns the ones asked for', () => {
    expect(formatTable(['a', 'n'], [['xx', '1'], ['y', '100']], [1]).split('\n')).toEqual(['a     n', '--  ---', 'xx    1', 'y   100']);
  });
});
