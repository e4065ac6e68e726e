import type { SpanAccounting } from '../results';
import type { RssSample } from './rss-sampler';
import type { ScaletraceResult } from './scaletrace-runs';
import type { ToolResult } from './tool-parsers';

/** One line of the bench table: a measurement, its goal from issue 2, and whether it was met. */
export interface BenchRow {
  run: string;
  rps?: number;
  /** rps ÷ autocannon rps. */
  ratio?: number;
  goal: string;
  /** undefined: a reference row without a goal. */
  met?: boolean;
  detail: string;
}

export interface BenchMeasurements {
  wrk: ToolResult;
  autocannon: ToolResult;
  untraced: ScaletraceResult;
  traced: ScaletraceResult;
  slowSink: ScaletraceResult;
  slowSinkRate: number;
  openHalf: ScaletraceResult;
  openHalfRate: number;
  /** Every run in order with its req/s and the hypervisor's CPU steal on the target and tool cores. */
  runs?: { run: string; rps: number; stealPercent?: number }[];
  /** req/s of every round of the max-rate runs (the rows show each one's median). */
  rounds?: Record<'wrk' | 'autocannon' | 'untraced' | 'traced', number[]>;
  soak?: { durationS: number; rps: number; growthPercent?: number; peakMb?: number; samples: RssSample[]; spans: SpanAccounting };
}

export const GOALS = {
  untracedRatio: 0.9,
  tracedRatio: 0.6,
  slowSinkRate: 20_000,
  rateTolerance: 0.01,
  lagP99Ms: 1,
  rssMb: 200,
  soakGrowthPercent: 10,
} as const;

export function benchRows(m: BenchMeasurements): BenchRow[] {
  const base = m.autocannon.rps;
  const ratio = (rps: number): number => round2(rps / base);
  const peakRss = Math.max(m.untraced.rss.peakMb ?? NaN, m.traced.rss.peakMb ?? NaN);
  const half = m.openHalf.lastStage;
  const slow = m.slowSink.lastStage;
  const halfError = Math.abs(half.rps - m.openHalfRate) / m.openHalfRate;
  const rows: BenchRow[] = [
    { run: 'wrk -t1 (C)', rps: m.wrk.rps, ratio: ratio(m.wrk.rps), goal: 'reference', detail: toolDetail(m.wrk) },
    { run: 'autocannon', rps: base, ratio: 1, goal: 'baseline', detail: toolDetail(m.autocannon) },
    {
      run: 'scaletrace untraced', rps: m.untraced.rps, ratio: ratio(m.untraced.rps),
      goal: `≥ ${GOALS.untracedRatio}× autocannon`, met: ratio(m.untraced.rps) >= GOALS.untracedRatio && m.untraced.failed === 0,
      detail: `p99 ${m.untraced.latencyP99Ms} ms, failed ${m.untraced.failed}`,
    },
    {
      run: 'scaletrace traced (0 ms sink)', rps: m.traced.rps, ratio: ratio(m.traced.rps),
      goal: `≥ ${GOALS.tracedRatio}×, every span exported`,
      met: ratio(m.traced.rps) >= GOALS.tracedRatio && allExported(m.traced),
      detail: spanDetail(m.traced),
    },
    {
      run: `scaletrace traced, 50 ms sink, open ${m.slowSinkRate}/s`, rps: slow.rps, ratio: ratio(slow.rps),
      goal: `0 dropped at ≥ ${GOALS.slowSinkRate / 1000}k/s`,
      met: m.slowSink.spans.dropped === 0 && slow.rps >= GOALS.slowSinkRate * (1 - GOALS.rateTolerance)
        && m.slowSink.spans.created === m.slowSink.requests,
      detail: `${spanDetail(m.slowSink)}, arrivals dropped ${slow.iterationsDropped}`
        + (slow.rps < GOALS.slowSinkRate * (1 - GOALS.rateTolerance) && m.traced.rps < GOALS.slowSinkRate
          ? ` (rate above the traced maximum ${Math.round(m.traced.rps)}/s of this core)` : ''),
    },
    {
      run: `scaletrace open, ${m.openHalfRate}/s (½ max)`, rps: half.rps, ratio: ratio(half.rps),
      goal: `rate ±${GOALS.rateTolerance * 100} %, lag p99 < ${GOALS.lagP99Ms} ms`,
      met: halfError <= GOALS.rateTolerance && half.scheduleLagP99Ms < GOALS.lagP99Ms,
      detail: `off by ${round2(halfError * 100)} %, lag p50 ${half.scheduleLagP50Ms} / p99 ${half.scheduleLagP99Ms} ms, arrivals dropped ${half.iterationsDropped}`,
    },
    {
      run: 'scaletrace peak RSS at max rate', goal: `< ${GOALS.rssMb} MB`,
      met: Number.isFinite(peakRss) ? peakRss < GOALS.rssMb : undefined,
      detail: Number.isFinite(peakRss)
        ? `untraced ${m.untraced.rss.peakMb} MB, traced ${m.traced.rss.peakMb} MB`
        : 'no /proc: not measured',
    },
  ];
  rows.push(m.soak === undefined
    ? { run: 'scaletrace RSS over 10 min', goal: `< ${GOALS.soakGrowthPercent} % growth`, detail: 'not run (use --soak 600)' }
    : {
      run: `scaletrace RSS over ${m.soak.durationS} s (traced)`, goal: `< ${GOALS.soakGrowthPercent} % growth`,
      met: m.soak.growthPercent === undefined ? undefined : m.soak.growthPercent < GOALS.soakGrowthPercent,
      detail: `growth ${m.soak.growthPercent ?? '?'} % after 60 s warm-up, peak ${m.soak.peakMb ?? '?'} MB`,
    });
  return rows;
}

function allExported(r: ScaletraceResult): boolean {
  return r.spans.dropped === 0 && r.spans.created === r.requests && r.spans.exported === r.spans.created;
}

function spanDetail(r: ScaletraceResult): string {
  const s = r.spans;
  return `spans created ${s.created} / exported ${s.exported} / spilled ${s.spilled} / dropped ${s.dropped}`
    + ` (requests ${r.requests})${r.model === 'open' ? `, lag p99 ${r.lastStage.scheduleLagP99Ms} ms` : ''}`;
}

function toolDetail(t: ToolResult): string {
  const errs = t.errors + t.non2xx;
  return `p50 ${t.p50Ms ?? '?'} / p99 ${t.p99Ms ?? '?'} ms${errs > 0 ? `, ${errs} errors` : ''}`;
}

/** The run with the median req/s (the lower middle for an even count): one noisy round does not decide. */
export function medianByRps<T extends { rps: number }>(runs: T[]): T {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  const mid = sorted[Math.floor((sorted.length - 1) / 2)];
  if (mid === undefined) throw new Error('medianByRps: no runs');
  return mid;
}

/** The rows as an aligned plain-text table (what `npm run bench` prints). */
export function formatTable(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.run,
    r.rps === undefined ? '' : Math.round(r.rps).toLocaleString('en-US'),
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    r.goal,
    r.met === undefined ? '–' : r.met ? 'met' : 'NOT MET',
    r.detail,
  ]);
  const header = ['run', 'req/s', 'vs autocannon', 'goal', 'result', 'detail'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string => c.map((v, i) => (i === 1 || i === 2 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
