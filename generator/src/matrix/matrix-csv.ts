import type { CellResult } from './types';

/** The columns run-matrix spreadsheets expect (the Locust driver's auto_summary.csv, minus Workers/Users → Load). */
export const MATRIX_CSV_HEADER = 'Replicas,Load,RPS,Median_ms,P95_ms,P99_ms,Failures_Pct,Total_Requests,Duration_s,Timestamp,Status';

/** `Load` is the level (req/s or VUs); with request mixes, `level:mix`. */
export function loadLabel(r: Pick<CellResult, 'level' | 'mix'>): string {
  return r.mix === undefined ? String(r.level) : `${r.level}:${r.mix}`;
}

export function matrixCsv(results: readonly CellResult[]): string {
  const lines = [MATRIX_CSV_HEADER];
  for (const r of results) {
    lines.push([
      r.replicas, loadLabel(r), r.rps.toFixed(2), r.medianMs.toFixed(2), r.p95Ms.toFixed(2), r.p99Ms.toFixed(2),
      r.failuresPct.toFixed(2), r.totalRequests, r.durationS.toFixed(1), r.timestamp, r.status,
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}
