import { LABELS as L, METRICS as M, EXPORT_STEP_S } from './names';
import { eq, ne, selector } from './selector';
import type { RangeScope } from './scope';

/*
 * The Runs table: one row per run in the range, every query an instant query grouped by
 * loadtest_run_id. The generator's counters and histograms are cumulative from the run's start
 * and each run has its own series, so max_over_time over the range is the run's total.
 */

const byRun = `sum by (${L.runId})`;
const infoLabels = `${L.runId}, ${L.scenario}, ${L.model}, ${L.runStatus}`;
const requestTotal = (range: string, ...matchers: string[]): string =>
  `${byRun} (max_over_time(${selector(`${M.requestDuration}_count`, ...matchers)}[${range}]))`;

/** One series per run: scenario, model and the final status (`running` only while no final status exists). */
export function runsInfo(s: RangeScope): string {
  const info = (status: string): string =>
    `max by (${infoLabels}) (last_over_time(${selector(M.runInfo, status)}[${s.range}]))`;
  return `${info(ne(L.runStatus, 'running'))} or on (${L.runId}) ${info(eq(L.runStatus, 'running'))}`;
}

/**
 * A run's first or last export in the range (Unix seconds, within one export of its start or
 * end): the earliest or latest timestamp of its loadtest_run_info samples. Every run's, one series
 * per loadtest_run_id (the Runs table), or one run's when `runId` is given (the Run page's window).
 */
export function runExportTime(s: RangeScope & { runId?: string }, end: 'first' | 'last'): string {
  const fn = end === 'first' ? 'min' : 'max';
  const info = selector(M.runInfo, s.runId === undefined ? undefined : eq(L.runId, s.runId));
  const samples = `${fn}_over_time(timestamp(${info})[${s.range}:${EXPORT_STEP_S}s])`;
  return s.runId === undefined ? `${fn} by (${L.runId}) (${samples})` : `${fn}(${samples})`;
}

/** First export of the run (Unix seconds; within one export interval of the start). */
export function runsStart(s: RangeScope): string {
  return runExportTime(s, 'first');
}

/** Seconds between the run's first and last export. */
export function runsDurationSeconds(s: RangeScope): string {
  return `${runExportTime(s, 'last')} - ${runExportTime(s, 'first')}`;
}

export function runsRequests(s: RangeScope): string {
  return requestTotal(s.range);
}

/** Mean achieved requests per second over the run. */
export function runsMeanRps(s: RangeScope): string {
  return `${runsRequests(s)} / (${runsDurationSeconds(s)})`;
}

/** The whole run's p95 from its cumulative histogram. */
export function runsLatencyQuantile(s: RangeScope, q: number): string {
  return `histogram_quantile(${q}, sum by (${L.runId}, le) (max_over_time(${M.requestDuration}_bucket[${s.range}])))`;
}

/** Failed requests in % (0 for a run without failures). */
export function runsErrorPercent(s: RangeScope): string {
  const total = requestTotal(s.range);
  return `100 * (${requestTotal(s.range, ne(L.errorType, ''))} / ${total} or on (${L.runId}) 0 * ${total})`;
}

/** Most replicas any HPA of the run reached (the k8s_cluster receiver's series have no run: left out). */
export function runsMaxReplicas(s: RangeScope): string {
  return `max by (${L.runId}) (max_over_time(${selector(M.hpaCurrentReplicas, ne(L.runId, ''))}[${s.range}]))`;
}

/** Worst scale-up total lag of the run: the largest per-HPA mean (exact for one episode per HPA). */
export function runsWorstScalingLag(s: RangeScope): string {
  const m = [eq(L.direction, 'up'), eq(L.phase, 'total')];
  return `max by (${L.runId}) (last_over_time(${selector(`${M.scalingLag}_sum`, ...m)}[${s.range}]) / last_over_time(${selector(`${M.scalingLag}_count`, ...m)}[${s.range}]))`;
}
