import type { InferenceStats, PresetReport, ScalingEpisodeSummary, Summary, TimeseriesRow } from '../results';
import type { PodMemorySample } from './results-files';

/**
 * Everything the charts draw, as plain arrays (uPlot's data layout: one x array, one y array per
 * series). x is seconds since the run started, the same axis on every timeline chart so the cursor
 * lines up; the preset charts (stress, spike, soak) have their own x.
 */
export interface ChartData {
  durationS: number;
  /** open: targets are req/s; closed: targets are VUs (drawn on their own axis). */
  model: 'open' | 'closed';
  /** Per-second rows (bucket end). */
  x: number[];
  target: number[];
  /** Requests completed per second (failures included). */
  rps: number[];
  /** Successful responses per second: what the target served. */
  served: number[];
  /** Closed model: active VUs per second. */
  vus: number[];
  /** null where a second had no completed request (a gap, not a 0 ms latency). */
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  /** Error types, most frequent first, and failures per second of each (by completion time). */
  errorTypes: string[];
  errors: number[][];
  /** Per HPA; on the per-second x above when the run has rows, so every chart's cursor reads the same second. */
  hpas: HpaChartData[];
  /** Stages that lasted (0-s jump stages only move the target: not marked). */
  stages: Array<{ atS: number; label: string }>;
  /** Moments marked on the latency chart (spike: end of the burst, recovered). */
  events: Array<{ atS: number; label: string }>;
  episodes: EpisodeMark[];
  /** Requests with a token `extract`: tokens/s per second on `x`, one array per request name. */
  tokens?: { names: string[]; perS: number[][] };
  stress?: StressChartData;
  spike?: SpikeChartData;
  soak?: SoakChartData;
}

export interface HpaChartData {
  name: string;
  min: number;
  max: number;
  /** Step series: the value holds from each x until the next. */
  x: number[];
  current: number[];
  desired: number[];
  ready: number[];
}

/** A scaling episode on the time axis: t0 → decision (detection) → all Ready (actuation). */
export interface EpisodeMark {
  hpa: string;
  direction: 'up' | 'down';
  from: number;
  to: number;
  t0S: number;
  decidedS: number;
  /** Undefined when not all new pods were Ready before the run ended. */
  readyS?: number;
  /** On the chart: `up 1→5 · 16.1 s`. */
  short: string;
  /** Under the chart: every lag. */
  label: string;
}

/** One point per stress step that ran, x = the rate the target served. */
export interface StressChartData {
  unit: string;
  step: number[];
  target: number[];
  sent: number[];
  /** The x of the curve: served rates, or (results from before served rates were recorded) the sent ones. */
  served: number[];
  servedKnown: boolean;
  p50: number[];
  p95: number[];
  p99: number[];
  /** Success in %. */
  success: number[];
  /** The bounds of `breakWhen`: latency lines and the success floor (%). */
  bounds: { avgAboveMs?: number; p95AboveMs?: number; successBelowPct: number };
  /** Index into the arrays above of the breaking step, with the rule that tripped; null: none broke. */
  breaking: { index: number; step: number; reasons: string[] } | null;
  /** The tops of the latency (ms) and success (%) axes: see stressAxes. */
  axes: { latencyTopMs: number; pctTop: number };
}

export interface SpikeChartData {
  phases: string[];
  p95: number[];
  /** Failed requests in % of the phase's requests. */
  errorPct: number[];
  sent: number[];
  served: number[];
}

export interface SoakChartData {
  intervalS: number;
  index: number[];
  avg: number[];
  p95: number[];
  rssMb: (number | null)[];
  /** With pod-metrics.csv: the largest pod's memory in the interval, MiB. */
  podMemoryMiB: (number | null)[];
  /** The fitted avg-latency line over the intervals the drift verdict used. */
  trend: { first: number; last: number; from: number; to: number } | null;
}

export function chartData(summary: Summary, rows: readonly TimeseriesRow[], podMemory: readonly PodMemorySample[] = []): ChartData {
  const startMs = Date.parse(summary.run.startedAt);
  const durationS = summary.run.durationS;
  const errorTypes = Object.keys(summary.errors);
  for (const r of rows) for (const t of Object.keys(r.errorsByType ?? {})) if (!errorTypes.includes(t)) errorTypes.push(t);
  const gapIfIdle = (r: TimeseriesRow, v: number): number | null => (r.rps > 0 ? v : null);
  const x = rows.map((r) => r.elapsedS);
  const unit = summary.run.model === 'open' ? '/s' : ' VUs';
  return {
    durationS,
    model: summary.run.model,
    x,
    target: rows.map((r) => r.target),
    rps: rows.map((r) => r.rps),
    served: rows.map((r, i) => {
      // rps is per bucket second; a last, shorter bucket has its failures over its own length.
      const len = Math.max(0.001, r.elapsedS - (i === 0 ? 0 : (rows[i - 1] as TimeseriesRow).elapsedS));
      return Math.max(0, Math.round((r.rps - r.errors / len) * 100) / 100);
    }),
    vus: rows.map((r) => r.vus),
    p50: rows.map((r) => gapIfIdle(r, r.p50)),
    p95: rows.map((r) => gapIfIdle(r, r.p95)),
    p99: rows.map((r) => gapIfIdle(r, r.p99)),
    errorTypes,
    errors: errorTypes.map((t) => rows.map((r) => r.errorsByType?.[t] ?? 0)),
    hpas: (summary.scaling?.hpas ?? []).map((h) => hpaChart(h, durationS, x)),
    stages: summary.stages
      .filter((s) => s.durationS > 0 || s.requests > 0)
      .map((s) => ({
        atS: Math.max(0, (Date.parse(s.startedAt) - startMs) / 1000),
        label: `stage ${s.index} → ${s.target}${unit}`,
      })),
    events: spikeEvents(summary.preset),
    episodes: (summary.scaling?.hpas ?? []).flatMap((h) => h.episodes.map((e) => episodeMark(h.name, e, startMs))),
    ...(summary.inference && rows.length > 0 ? { tokens: tokensOnGrid(summary.inference, x) } : {}),
    ...presetCharts(summary.preset, unit, startMs, podMemory),
  };
}

function hpaChart(h: NonNullable<Summary['scaling']>['hpas'][number], durationS: number, grid: readonly number[]): HpaChartData {
  const points = h.timeline.filter((p) => p.elapsedS <= durationS);
  const base = { name: h.name, min: h.minReplicas, max: h.maxReplicas };
  if (grid.length > 0 && points.length > 0) {
    // The state at each second of the grid: the last change at or before it.
    let k = 0;
    const at = grid.map((s) => {
      while (k + 1 < points.length && (points[k + 1] as (typeof points)[number]).elapsedS <= s) k++;
      return points[k] as (typeof points)[number];
    });
    return { ...base, x: grid.slice(), current: at.map((p) => p.current), desired: at.map((p) => p.desired), ready: at.map((p) => p.ready) };
  }
  const last = points[points.length - 1];
  // Carry the last state to the end of the run so the step line reaches the right edge.
  if (last !== undefined && last.elapsedS < durationS) points.push({ ...last, elapsedS: durationS });
  return {
    ...base,
    x: points.map((p) => Math.max(0, p.elapsedS)),
    current: points.map((p) => p.current),
    desired: points.map((p) => p.desired),
    ready: points.map((p) => p.ready),
  };
}

/** Tokens/s per request name on the per-second grid (each timeline step spread over its seconds). */
function tokensOnGrid(inference: Record<string, InferenceStats>, grid: readonly number[]): ChartData['tokens'] {
  const names = Object.keys(inference).filter((n) => inference[n]?.timeline !== undefined);
  return {
    names,
    perS: names.map((n) => {
      const t = (inference[n] as InferenceStats).timeline;
      // Row k covers (x[k] − 1, x[k]]: the timeline step its start falls in.
      return grid.map((s) => t.tokensPerS[Math.min(t.tokensPerS.length - 1, Math.floor(Math.max(0, s - 1) / t.stepS))] ?? 0);
    }),
  };
}

function spikeEvents(p: PresetReport | undefined): ChartData['events'] {
  const spike = p?.spike;
  const recovery = p?.phases[2];
  if (spike === undefined || recovery === undefined) return [];
  const out = [{ atS: recovery.startS, label: 'burst ends' }];
  if (spike.timeToRecoverS !== null) out.push({ atS: recovery.startS + spike.timeToRecoverS, label: `recovered +${spike.timeToRecoverS} s` });
  return out;
}

function presetCharts(p: PresetReport | undefined, unit: string, runStartMs: number, podMemory: readonly PodMemorySample[]): Pick<ChartData, 'stress' | 'spike' | 'soak'> {
  if (p?.stress) {
    const s = p.stress;
    const ran = s.curve.filter((c) => c.requests > 0);
    const breakingIndex = s.breaking === null ? -1 : ran.findIndex((c) => c.step === s.breaking?.step);
    return {
      stress: {
        unit,
        step: ran.map((c) => c.step),
        target: ran.map((c) => c.target),
        sent: ran.map((c) => c.rps),
        // Results written before served rates existed: the sent rate is all there is (and is labelled so).
        served: ran.map((c) => (typeof c.servedRps === 'number' ? c.servedRps : c.rps)),
        servedKnown: ran.every((c) => typeof c.servedRps === 'number'),
        p50: ran.map((c) => (typeof c.p50 === 'number' ? c.p50 : c.avg)),
        p95: ran.map((c) => c.p95),
        p99: ran.map((c) => c.p99),
        success: ran.map((c) => Math.round(c.successRate * 10000) / 100),
        bounds: {
          ...(s.criteria.avgAboveMs !== undefined ? { avgAboveMs: s.criteria.avgAboveMs } : {}),
          ...(s.criteria.p95AboveMs !== undefined ? { p95AboveMs: s.criteria.p95AboveMs } : {}),
          successBelowPct: Math.round(s.criteria.successBelow * 10000) / 100,
        },
        breaking: s.breaking === null || breakingIndex < 0 ? null : { index: breakingIndex, step: s.breaking.step, reasons: s.breaking.reasons },
        axes: stressAxes(Math.max(0, ...ran.flatMap((c) => [c.p99, c.avg])),
          [s.criteria.p95AboveMs, s.criteria.avgAboveMs].filter((v): v is number => v !== undefined), s.criteria.successBelow * 100),
      },
    };
  }
  if (p?.spike) {
    return {
      spike: {
        phases: p.phases.map((r) => r.name),
        p95: p.phases.map((r) => r.p95),
        errorPct: p.phases.map((r) => (r.requests === 0 ? 0 : Math.round((r.failed / r.requests) * 10000) / 100)),
        sent: p.phases.map((r) => r.rps),
        served: p.phases.map((r) => (typeof r.servedRps === 'number' ? r.servedRps : r.rps)),
      },
    };
  }
  if (p?.soak) {
    const s = p.soak;
    const fit = s.drift.fitted;
    const lat = s.drift.latency;
    return {
      soak: {
        intervalS: s.intervalS,
        index: s.intervals.map((i) => i.index),
        avg: s.intervals.map((i) => i.avg),
        p95: s.intervals.map((i) => i.p95),
        rssMb: s.intervals.map((i) => i.rssMb),
        podMemoryMiB: podMemoryPerInterval(s.intervals.map((i) => i.startS), s.intervalS, runStartMs, podMemory),
        trend: fit && lat && typeof lat.start === 'number' ? { first: fit.first, last: fit.last, from: lat.start, to: lat.start + lat.change } : null,
      },
    };
  }
  return {};
}

/** Success 100 % sits at two thirds of the stress chart's height, the floor just under it. */
const STRESS_PCT_TOP = 150;
/** The top fifth of the stress chart stays free for the breaking-point label. */
const STRESS_PLOT_SHARE = 0.8;
/** Closest a latency bound's dashed line may come to the success floor's, in shares of the height. */
const STRESS_LINE_GAP = 0.08;

/**
 * The stress chart's axis tops: every latency curve and bound in the lower 80 % (the label above
 * them overlaps no curve, bound or step number), success 100 % below that band, and each latency
 * bound's line kept apart from the success floor's (with plain ×1.12 tops they fell on one height).
 */
export function stressAxes(latencyMaxMs: number, boundsMs: readonly number[], floorPct: number): { latencyTopMs: number; pctTop: number } {
  let top = Math.max(1, latencyMaxMs, ...boundsMs) / STRESS_PLOT_SHARE;
  const floorAt = floorPct / STRESS_PCT_TOP;
  for (const b of boundsMs) {
    // Too close: move the bound down (a taller axis) so it sits clearly under the floor.
    if (Math.abs(b / top - floorAt) < STRESS_LINE_GAP) top = b / Math.max(0.25, floorAt - STRESS_LINE_GAP);
  }
  return { latencyTopMs: Math.round(top * 1000) / 1000, pctTop: STRESS_PCT_TOP };
}

/** The largest pod's memory (MiB) in each interval, from pod-metrics.csv; null where none was sampled. */
export function podMemoryPerInterval(startsS: readonly number[], intervalS: number, runStartMs: number, samples: readonly PodMemorySample[]): (number | null)[] {
  const out: (number | null)[] = startsS.map(() => null);
  for (const s of samples) {
    const k = Math.floor((s.at - runStartMs) / 1000 / intervalS);
    if (k < 0 || k >= out.length || !Number.isFinite(s.memoryBytes)) continue;
    const mib = Math.round((s.memoryBytes / 1048576) * 10) / 10;
    out[k] = Math.max(out[k] ?? 0, mib);
  }
  return out;
}

function episodeMark(hpa: string, e: ScalingEpisodeSummary, runStartMs: number): EpisodeMark {
  const t0S = (Date.parse(e.t0) - runStartMs) / 1000;
  const l = e.lagS;
  const lag = (what: string, s: number | null): string => (s === null ? `${what} –` : `${what} ${s.toFixed(1)} s`);
  return {
    hpa, direction: e.direction, from: e.from, to: e.to, t0S,
    decidedS: t0S + l.detection,
    ...(l.total !== null ? { readyS: t0S + l.total } : {}),
    short: `${e.direction} ${e.from}→${e.to} · ${l.total === null ? 'open' : `${l.total.toFixed(1)} s`}`,
    label: `${e.direction} ${e.from}→${e.to} at +${t0S.toFixed(1)} s (t0 from ${e.t0Source}): ${lag('detection', l.detection)} · ${lag('actuation', l.actuation)} · ` +
      `${lag('total', l.total)} · ${lag('recovery', l.recovery)} · deficit ${e.deficitReplicaSeconds.toFixed(1)} replica·s`,
  };
}
