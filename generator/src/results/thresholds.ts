import type { ThresholdMetric, ThresholdOp, ThresholdSpec } from '../scenario';
import type { BreakdownStats, ScalingEpisodeSummary, ScalingSection, ThresholdResult, ThresholdUnit } from './types';

/** What thresholds are checked against: cumulative totals, per-request breakdowns and the elapsed run time. */
export interface ThresholdInput {
  totals: BreakdownStats;
  requests: Record<string, BreakdownStats>;
  durationS: number;
  /** The watcher's episodes, for scaling_lag / detection_lag / actuation_lag. */
  scaling?: ScalingSection;
}

const UNITS: Record<ThresholdMetric, ThresholdUnit> = {
  min: 'ms', avg: 'ms', max: 'ms', p50: 'ms', med: 'ms', p90: 'ms', p95: 'ms', p99: 'ms', p999: 'ms',
  error_rate: 'fraction', success_rate: 'fraction', rps: 'per_s', requests: 'count', failed: 'count',
  scaling_lag: 'ms', detection_lag: 'ms', actuation_lag: 'ms',
};

const SCALING_PHASE = { scaling_lag: 'total', detection_lag: 'detection', actuation_lag: 'actuation' } as const;

export function thresholdUnit(metric: ThresholdMetric): ThresholdUnit {
  return UNITS[metric];
}

/**
 * Checks each threshold against the totals or its request name's breakdown.
 * No data, i.e. no request in scope, passes like k6 and carries `value: NaN` (null in summary.json):
 * always for a `name:` scope; for the totals only latency and rates, since a run that sent nothing
 * must still fail `requests > 0` or `rps > 100`.
 */
export function evaluateThresholds(specs: readonly ThresholdSpec[], stats: ThresholdInput): ThresholdResult[] {
  return specs.map((spec) => {
    const unit = UNITS[spec.metric];
    if (spec.metric in SCALING_PHASE) return scalingThreshold(spec, stats);
    const scope = spec.request === undefined ? stats.totals : stats.requests[spec.request];
    const requests = scope?.requests ?? 0;
    if (requests === 0 && (spec.request !== undefined || unit === 'ms' || unit === 'fraction')) {
      return { expr: spec.expr, ok: true, value: Number.NaN, unit, noData: true };
    }
    const value = scope === undefined ? 0 : metricValue(scope, spec.metric, stats.durationS);
    return { expr: spec.expr, ok: compare(value, spec.op, spec.value), value, unit };
  });
}

/**
 * The worst scale-up episode's lag (ms), optionally for one HPA (the `name:` prefix). An episode the
 * run ended in the middle of counts with the time it had taken so far: it took at least that long.
 * No scale-up at all is "no data" and passes, like a latency threshold with no requests.
 */
function scalingThreshold(spec: ThresholdSpec, stats: ThresholdInput): ThresholdResult {
  const phase = SCALING_PHASE[spec.metric as keyof typeof SCALING_PHASE];
  const lags: number[] = [];
  for (const hpa of stats.scaling?.hpas ?? []) {
    if (spec.request !== undefined && hpa.name !== spec.request) continue;
    for (const e of hpa.episodes) {
      if (e.direction !== 'up') continue;
      const lag = phase === 'detection' ? e.lagS.detection : e.lagS[phase] ?? openLagS(e, phase);
      lags.push(lag * 1000);
    }
  }
  if (lags.length === 0) return { expr: spec.expr, ok: true, value: Number.NaN, unit: 'ms', noData: true };
  const value = Math.max(...lags);
  return { expr: spec.expr, ok: compare(value, spec.op, spec.value), value, unit: 'ms' };
}

/** Lower bound for a lag the run ended before: the time the episode had been open. */
function openLagS(e: ScalingEpisodeSummary, phase: 'actuation' | 'total'): number {
  const total = Math.max(e.lagS.detection, e.openForS ?? 0);
  return phase === 'total' ? total : total - e.lagS.detection;
}

function metricValue(s: BreakdownStats, metric: ThresholdMetric, durationS: number): number {
  switch (metric) {
    case 'med': return s.latency.p50;
    case 'error_rate': return s.errorRate;
    case 'success_rate': return s.requests === 0 ? 0 : (s.requests - s.failed) / s.requests;
    // Unrounded, so `rps > 99.995` is not decided by the summary's 2-decimal rounding.
    case 'rps': return durationS > 0 ? s.requests / durationS : s.rps;
    case 'requests': return s.requests;
    case 'failed': return s.failed;
    case 'scaling_lag': case 'detection_lag': case 'actuation_lag': return Number.NaN;
    default: return s.latency[metric];
  }
}

function compare(a: number, op: ThresholdOp, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==': return a === b;
    case '!=': return a !== b;
  }
}
