import type { TimeseriesRow } from './types';

/** Length of the window latency must stay under the SLO for the service to count as recovered. */
export const RECOVERY_WINDOW_S = 30;

/**
 * Recovery lag (ARCHITECTURE.md "Scaling lag"): seconds from t0 to the start of the first
 * 30 s window after t0 in which every second's p95 is within the SLO. Null when the run ended
 * before such a window completed. Rows are timeseries.csv's per-second buckets (`time` = bucket end).
 */
export function recoveryLagS(
  rows: readonly TimeseriesRow[], t0Ms: number, sloMs: number, windowS = RECOVERY_WINDOW_S, opts: { errorFree?: boolean } = {},
): number | null {
  let windowStart: number | undefined;
  for (const row of rows) {
    const end = Date.parse(row.time);
    const start = end - 1000;
    if (end <= t0Ms) continue;
    // `errorFree`: fast 503s must not count as recovered (a spike's recovery check asks for it).
    if (row.p95 > sloMs || (opts.errorFree === true && row.errors > 0)) {
      windowStart = undefined;
      continue;
    }
    windowStart ??= Math.max(start, t0Ms);
    if (end - windowStart >= windowS * 1000) return Math.round(windowStart - t0Ms) / 1000;
  }
  return null;
}
