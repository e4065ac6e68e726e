import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { replicas, runFirstExport, runLastExport } from '../../dashboards/src/queries';
import { RANGE, runHpaScope } from '../../grafana-plugin/src/queries/scopes';
import { RUNS_COLUMNS } from '../../grafana-plugin/src/queries/runsTable';
import type { RecordedQuery, Recording } from '../../grafana-plugin/src/test/recordedPrometheus';
import type { PrometheusServer } from './prometheus';

/*
 * SCALETRACE_RECORD_PROMETHEUS=<dir>: the end-to-end test writes the real Prometheus' answers to
 * the queries the Grafana app's code reads, as the app issues them for one run, so the plugin's
 * tests replay them through Grafana's own response handling (grafana-plugin/src/test/
 * prometheusFrames.ts; how to re-record: grafana-plugin/src/test/recorded-prometheus/README.md).
 */

interface Target { refId: string; expr: string; format?: 'table' }

/** Grafana's backend replaces $__range by the range in seconds; any other macro would need handling here. */
function interpolate(expr: string, rangeS: number): string {
  const out = expr.replaceAll('$__range', `${rangeS}s`);
  if (out.includes('$')) throw new Error(`recording: a macro this recorder does not replace in ${expr}`);
  return out;
}

/** The plugin's Runs page opens on the last 24 hours; the Run page is linked from there. */
const RUNS_PAGE_RANGE_S = 24 * 3600;
/** FailedRequestsScene's minInterval for the ready-replicas query: one point per export. */
const READY_STEP_S = 5;
/** RUN_WINDOW_MARGIN_MS of grafana-plugin/src/pages/Run/runWindow.ts. */
const RUN_WINDOW_MARGIN_S = 60;

export async function recordPluginQueries(prom: PrometheusServer, dir: string, o: {
  runId: string;
  /** The Runs page's "now" (Unix seconds): the runs are over and exported. */
  now: number;
  /** A time before any sample (Unix seconds): the same requests then answer "no data". */
  before: number;
}): Promise<string[]> {
  const instant = async (targets: Target[], time: number): Promise<RecordedQuery[]> => Promise.all(targets.map(async (t) => {
    const params = { query: interpolate(t.expr, RUNS_PAGE_RANGE_S), time: String(time) };
    return { ...t, instant: true, path: '/api/v1/query' as const, params, response: await prom.body('query', params) };
  }));
  const runWindowTargets: Target[] = [
    { refId: 'first', expr: runFirstExport({ runId: o.runId, range: RANGE }) },
    { refId: 'last', expr: runLastExport({ runId: o.runId, range: RANGE }) },
  ];
  const runsTargets: Target[] = RUNS_COLUMNS.map((c) => ({ refId: c.refId, expr: c.expr, format: 'table' }));
  const now = Math.floor(o.now);
  const before = Math.floor(o.before);
  const window = await instant(runWindowTargets, now);
  const seconds = (q: RecordedQuery | undefined): number => Number(q?.response.data.result[0]?.value?.[1]);
  const [first, last] = window.map(seconds);
  if (!Number.isFinite(first) || !Number.isFinite(last)) throw new Error(`recording: run ${o.runId} has no first/last export`);
  // The Run page's range once RunWindow fitted it, on whole steps.
  const start = Math.floor(((first as number) - RUN_WINDOW_MARGIN_S) / READY_STEP_S) * READY_STEP_S;
  const end = Math.ceil(((last as number) + RUN_WINDOW_MARGIN_S) / READY_STEP_S) * READY_STEP_S;
  const readyExpr = replicas(runHpaScope(o.runId), 'ready');
  const readyParams = { query: interpolate(readyExpr, end - start), start: String(start), end: String(end), step: String(READY_STEP_S) };
  const ready: RecordedQuery = {
    refId: 'ready', expr: readyExpr, instant: false, path: '/api/v1/query_range', params: readyParams,
    response: await prom.body('query_range', readyParams),
  };
  if (ready.response.data.result.length === 0) throw new Error(`recording: no ready replicas for run ${o.runId}`);

  const runsPage = `the Runs page (last ${RUNS_PAGE_RANGE_S / 3600} h)`;
  const recordings: Record<string, Recording> = {
    'run-window': { description: `RunWindow's instant queries for run ${o.runId}, opened from ${runsPage}`, queries: window },
    'run-window-empty': {
      description: `The same at a time before any data: the run is not in the range`, queries: await instant(runWindowTargets, before),
    },
    'failed-requests-ready': {
      description: `FailedRequestsScene's ready-replicas range query for run ${o.runId}, over the Run page's fitted range (first export - ${RUN_WINDOW_MARGIN_S} s to last export + ${RUN_WINDOW_MARGIN_S} s), ${READY_STEP_S} s steps`,
      queries: [ready],
    },
    'runs-table': { description: `The Runs table's instant table queries, ${runsPage}`, queries: await instant(runsTargets, now) },
    'runs-table-empty': { description: `The same at a time before any data: no runs`, queries: await instant(runsTargets, before) },
  };
  mkdirSync(dir, { recursive: true });
  return Object.entries(recordings).map(([name, recording]) => {
    // .jsonc: the plugin's build copies every src/**/*.json into the plugin; these stay out of it.
    const file = path.join(dir, `${name}.jsonc`);
    // Indented, with each sample ([time, "value"]) on one line to read off by hand.
    const json = JSON.stringify(recording, null, 1).replace(/\[\s+([^[\]{}]*?)\s+\]/g, (_, inner: string) => `[${inner.replace(/\s*\n\s*/g, ' ')}]`);
    if (JSON.stringify(JSON.parse(json)) !== JSON.stringify(recording)) throw new Error(`recording: ${name} would not read back as written`);
    writeFileSync(file, `${json}\n`);
    return file;
  });
}
