import type { Summary } from './types';

/** The column set users' matrix spreadsheets expect: do not reorder or rename. */
export const SUMMARY_CSV_HEADER =
  'Users_or_Rate,RPS,Median_ms,P95_ms,P99_ms,Failures_Pct,Total_Requests,Duration_s,Timestamp,Status';

/** Header plus one row; Timestamp is the run start (ISO 8601 UTC), Failures_Pct is 0–100. */
export function summaryCsv(s: Summary): string {
  const row = [
    s.run.usersOrRate,
    s.totals.rps,
    s.totals.latency.p50,
    s.totals.latency.p95,
    s.totals.latency.p99,
    Math.round(s.totals.errorRate * 100 * 1000) / 1000,
    s.totals.requests,
    s.run.durationS,
    s.run.startedAt,
    s.run.status,
  ];
  return `${SUMMARY_CSV_HEADER}\n${row.join(',')}\n`;
}
