import type { ThresholdSpec } from '../scenario';
import type { RunStatus, Summary } from './types';

/** From this error rate on, a run that no threshold checks for errors gets a warning. */
export const HIGH_ERROR_RATE = 0.5;
const ERROR_METRICS = new Set<ThresholdSpec['metric']>(['error_rate', 'success_rate', 'failed']);

/**
 * What the exit code does not say. Without a threshold on errors a run passes whatever fails (the
 * k6 contract: exit 0 unless a threshold fails), so a run where most or all requests failed says
 * so in words; so does a run that measured nothing.
 */
export function runWarnings(thresholds: readonly ThresholdSpec[], totals: Summary['totals'], status: RunStatus): string[] {
  const out: string[] = [];
  if (totals.requests === 0) {
    if (status !== 'interrupted') out.push('no request completed: nothing was measured');
    return out;
  }
  if (totals.errorRate < HIGH_ERROR_RATE || thresholds.some((t) => ERROR_METRICS.has(t.metric))) return out;
  const top = Object.entries(totals.errors).slice(0, 3).map(([type, n]) => `${type} ${n}`).join(', ');
  const what = totals.failed === totals.requests
    ? `every request failed (${totals.failed} of ${totals.requests}: ${top})`
    : `${+(totals.errorRate * 100).toFixed(1)}% of requests failed (${totals.failed} of ${totals.requests}: ${top})`;
  out.push(`${what} and no threshold checks errors, so the exit code does not reflect them: add one such as "error_rate < 1%" to thresholds`);
  return out;
}
