import type { ThresholdMetric, ThresholdOp, ThresholdSpec } from '../scenario';
import type { BreakdownStats, Summary, ThresholdResult, ThresholdUnit } from './types';

export type ThresholdInput = Pick<Summary, 'totals' | 'requests'> & { run: { durationS: number } };

const UNITS: Record<ThresholdMetric, ThresholdUnit> = {
  min: 'ms', avg: 'ms', max: 'ms', p50: 'ms', med: 'ms', p90: 'ms', p95: 'ms', p99: 'ms', p999: 'ms',
  error_rate: 'fraction', success_rate: 'fraction', rps: 'per_s', requests: 'count', failed: 'count',
};

export function thresholdUnit(metric: ThresholdMetric): ThresholdUnit {
  return UNITS[metric];
}

/**
 * Checks each threshold against the totals or its request name's breakdown.
 * Latency and rate metrics over zero requests have no value: like k6, that passes (marked `noData`).
 * Counts and rps over zero requests are a real 0 and are compared (so `predict: requests > 0` can fail).
 */
export function evaluateThresholds(specs: ThresholdSpec[], summary: ThresholdInput): ThresholdResult[] {
  return specs.map((spec) => {
    const unit = UNITS[spec.metric];
    const scope = spec.request === undefined ? summary.totals : summary.requests[spec.request];
    const requests = scope?.requests ?? 0;
    if (requests === 0 && (unit === 'ms' || unit === 'fraction')) {
      return { expr: spec.expr, ok: true, value: 0, unit, noData: true };
    }
    const value = scope === undefined ? 0 : metricValue(scope, spec.metric);
    return { expr: spec.expr, ok: compare(value, spec.op, spec.value), value, unit };
  });
}

function metricValue(s: BreakdownStats, metric: ThresholdMetric): number {
  switch (metric) {
    case 'med': return s.latency.p50;
    case 'error_rate': return s.errorRate;
    case 'success_rate': return s.requests === 0 ? 0 : (s.requests - s.failed) / s.requests;
    case 'rps': return s.rps;
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
