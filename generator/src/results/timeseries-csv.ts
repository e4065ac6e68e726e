import type { TimeseriesRow } from './types';

// `requests` came last, after the others: scripts that read columns by position keep working.
export const TIMESERIES_CSV_HEADER = 'time,elapsed_s,stage,target,rps,p50_ms,p95_ms,p99_ms,errors,vus,in_flight,dropped,errors_by_type,requests';

/** One line per second (the last one possibly shorter), in the order the runner ticked. */
export function timeseriesCsv(rows: readonly TimeseriesRow[]): string {
  const lines = [TIMESERIES_CSV_HEADER];
  for (const r of rows) {
    lines.push([r.time, r.elapsedS, r.stage, r.target, r.rps, r.p50, r.p95, r.p99, r.errors, r.vus, r.inFlight, r.dropped, errorsByTypeCell(r.errorsByType ?? {}), r.requests ?? ''].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** `503:12;timeout:3` (error types are codes: no commas, colons or semicolons). */
export function errorsByTypeCell(counts: Record<string, number>): string {
  return Object.entries(counts).map(([type, n]) => `${type}:${n}`).join(';');
}

export function parseErrorsByTypeCell(cell: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of cell.split(';')) {
    const at = part.lastIndexOf(':');
    if (at > 0) out[part.slice(0, at)] = Number(part.slice(at + 1));
  }
  return out;
}

/** Reads timeseries.csv back into rows (columns found by header name, so older files without errors_by_type or requests still load). */
export function parseTimeseriesCsv(text: string): TimeseriesRow[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',');
  const col = (name: string): number => header.indexOf(name);
  const idx = {
    time: col('time'), elapsed: col('elapsed_s'), stage: col('stage'), target: col('target'), rps: col('rps'),
    p50: col('p50_ms'), p95: col('p95_ms'), p99: col('p99_ms'), errors: col('errors'), vus: col('vus'),
    inFlight: col('in_flight'), dropped: col('dropped'), byType: col('errors_by_type'), requests: col('requests'),
  };
  return lines.map((line) => {
    const cells = line.split(',');
    const num = (i: number): number => (i < 0 ? 0 : Number(cells[i] ?? 0));
    return {
      time: cells[idx.time] ?? '', elapsedS: num(idx.elapsed), stage: num(idx.stage), target: num(idx.target), rps: num(idx.rps),
      p50: num(idx.p50), p95: num(idx.p95), p99: num(idx.p99), errors: num(idx.errors),
      errorsByType: idx.byType < 0 ? {} : parseErrorsByTypeCell(cells[idx.byType] ?? ''),
      vus: num(idx.vus), inFlight: num(idx.inFlight), dropped: num(idx.dropped),
      ...(idx.requests < 0 ? {} : { requests: num(idx.requests) }),
    };
  });
}
