import type { TimeseriesRow } from './types';

export const TIMESERIES_CSV_HEADER = 'time,elapsed_s,stage,target,rps,p50_ms,p95_ms,p99_ms,errors,vus,in_flight,dropped';

/** One line per second, in the order the runner ticked. */
export function timeseriesCsv(rows: readonly TimeseriesRow[]): string {
  const lines = [TIMESERIES_CSV_HEADER];
  for (const r of rows) {
    lines.push([r.time, r.elapsedS, r.stage, r.target, r.rps, r.p50, r.p95, r.p99, r.errors, r.vus, r.inFlight, r.dropped].join(','));
  }
  return `${lines.join('\n')}\n`;
}
