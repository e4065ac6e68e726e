import type { ScalingEpisodeSummary, Summary, TimeseriesRow } from '../results';

/**
 * Everything the charts draw, as plain arrays (uPlot's data layout: one x array, one y array per
 * series). x is seconds since the run started, the same axis on every chart so the cursor lines up.
 */
export interface ChartData {
  durationS: number;
  /** Per-second rows (bucket end). */
  x: number[];
  target: number[];
  rps: number[];
  /** null where a second had no completed request (a gap, not a 0 ms latency). */
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  /** Error types, most frequent first, and failures per second of each. */
  errorTypes: string[];
  errors: number[][];
  hpas: HpaChartData[];
  stages: Array<{ atS: number; label: string }>;
  episodes: EpisodeMark[];
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

export function chartData(summary: Summary, rows: readonly TimeseriesRow[]): ChartData {
  const startMs = Date.parse(summary.run.startedAt);
  const durationS = summary.run.durationS;
  const errorTypes = Object.keys(summary.errors);
  for (const r of rows) for (const t of Object.keys(r.errorsByType ?? {})) if (!errorTypes.includes(t)) errorTypes.push(t);
  const gapIfIdle = (r: TimeseriesRow, v: number): number | null => (r.rps > 0 ? v : null);
  return {
    durationS,
    x: rows.map((r) => r.elapsedS),
    target: rows.map((r) => r.target),
    rps: rows.map((r) => r.rps),
    p50: rows.map((r) => gapIfIdle(r, r.p50)),
    p95: rows.map((r) => gapIfIdle(r, r.p95)),
    p99: rows.map((r) => gapIfIdle(r, r.p99)),
    errorTypes,
    errors: errorTypes.map((t) => rows.map((r) => r.errorsByType?.[t] ?? 0)),
    hpas: (summary.scaling?.hpas ?? []).map((h) => {
      const points = h.timeline.filter((p) => p.elapsedS <= durationS);
      const last = points[points.length - 1];
      // Carry the last state to the end of the run so the step line reaches the right edge.
      if (last !== undefined && last.elapsedS < durationS) points.push({ ...last, elapsedS: durationS });
      return {
        name: h.name, min: h.minReplicas, max: h.maxReplicas,
        x: points.map((p) => Math.max(0, p.elapsedS)),
        current: points.map((p) => p.current),
        desired: points.map((p) => p.desired),
        ready: points.map((p) => p.ready),
      };
    }),
    stages: summary.stages.map((s) => ({
      atS: Math.max(0, (Date.parse(s.startedAt) - startMs) / 1000),
      label: `stage ${s.index} → ${s.target}${summary.run.model === 'open' ? '/s' : ' VUs'}`,
    })),
    episodes: (summary.scaling?.hpas ?? []).flatMap((h) => h.episodes.map((e) => episodeMark(h.name, e, startMs))),
  };
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
