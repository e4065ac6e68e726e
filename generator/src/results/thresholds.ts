import type { ThresholdMetric, ThresholdOp, ThresholdSpec } from '../scenario';
import type { BreakdownStats, ThresholdResult, ThresholdUnit } from './types';

/** What thresholds are checked against: cumulative totals, per-request breakdowns and the elapsed run time. */
export interface ThresholdInput {
  totals: BreakdownStats;
  requests: Record<string, BreakdownStats>;
  durationS: number;
}

const UNITS: Record<ThresholdMetric, ThresholdUnit> = {
  min: 'ms', avg: 'ms', max: 'ms', p50: 'ms', med: 'ms', p90: 'ms', p95: 'ms', p99: 'ms', p999: 'ms',
  error_rate: 'fraction', success_rate: 'fraction', rps: 'per_s', requests: 'count', failed: 'count',
};

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
    const scope = spec.request === undefined ? stats.totals : stats.requests[spec.request];
    const requests = scope?.requests ?? 0;
    if (requests === 0 && (spec.request !== undefined || unit === 'ms' || unit === 'fraction')) {
      return { expr: spec.expr, ok: true, value: Number.NaN, unit, noData: true };
    }
    const value = scope === undefined ? 0 : metricValue(scope, spec.metric, stats.durationS);
    return { expr: spec.expr, ok: compare(value, spec.op, spec.value), value, unit };
  });
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
