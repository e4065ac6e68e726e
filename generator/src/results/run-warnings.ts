import type { ThresholdSpec } from '../scenario';
import { formatDurationS } from './format-values';
import type { RunStatus, Summary } from './types';

/** From this error rate on, a run that no threshold checks for errors gets a warning. */
export const HIGH_ERROR_RATE = 0.5;
const ERROR_METRICS = new Set<ThresholdSpec['metric']>(['error_rate', 'success_rate', 'failed']);

/** How the run ended, for the warning that it ended before its plan. */
export interface RunEnding {
  /** summary.json `dataExhausted`: the `pick: unique` source(s) that ran out (`users` or `users, items`). */
  dataExhausted?: string;
  durationS: number;
  /** The load's planned length; undefined for an iteration-bound run. */
  plannedMs?: number;
}

/**
 * What the exit code does not say. Without a threshold on errors a run passes whatever fails (the
 * k6 contract: exit 0 unless a threshold fails), so a run where most or all requests failed says
 * so in words; so does a run that measured nothing, and one cut short because its data ran out.
 */
export function runWarnings(thresholds: readonly ThresholdSpec[], totals: Summary['totals'], status: RunStatus, ending?: RunEnding): string[] {
  const out: string[] = [];
  if (ending?.dataExhausted !== undefined) out.push(dataExhaustedWarning(ending.dataExhausted, ending));
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

/** `the run ended early: data source "users" (pick: unique) ran out of rows, so the run lasted 12s of the planned 1m00s; …`. */
function dataExhaustedWarning(sources: string, ending: RunEnding): string {
  const names = sources.split(', ').map((n) => `"${n}"`);
  const what = names.length === 1 ? `data source ${names[0] as string}` : `data sources ${names.join(', ')}`;
  const lasted = ending.plannedMs === undefined
    ? `the run lasted ${formatDurationS(ending.durationS)}`
    : `the run lasted ${formatDurationS(ending.durationS)} of the planned ${formatDurationS(ending.plannedMs / 1000)}`;
  return `the run ended early: ${what} (pick: unique, each row once) ran out of rows, so ${lasted}: add rows or shorten the load`;
}
