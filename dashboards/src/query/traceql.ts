/* TraceQL for Tempo: request spans, scaling episode spans and stage spans (docs/telemetry.md). */

const str = (v: string): string => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const runAttr = (runId: string): string => `span."loadtest.run.id" = ${str(runId)}`;

/**
 * Failed requests of a run with the columns of the plugin's table. Only CLIENT spans are requests:
 * the run span (`loadtest {scenario}`, ERROR when the run fails) and stage spans are INTERNAL.
 */
export function failedRequests(runId: string): string {
  return `{ kind = client && status = error && ${runAttr(runId)} } | select(span."loadtest.request.name", span."http.response.status_code", span."error.type", span."loadtest.target.pod")`;
}

/** Scaling episode spans (`scale up web`), of one run or (runId undefined) of every run, per HPA regex. */
export function scalingEpisodeSpans(s: { runId?: string; hpa: string }): string {
  const run = s.runId === undefined ? '' : ` && ${runAttr(s.runId)}`;
  return `{ name =~ "scale (up|down) .+" && span."k8s.hpa.name" =~ ${str(s.hpa)}${run} } | select(span."loadtest.run.id", span."k8s.hpa.name", span."loadtest.scaling.direction", span."loadtest.scaling.from", span."loadtest.scaling.to", span."loadtest.scaling.lag.detection_s", span."loadtest.scaling.lag.actuation_s", span."loadtest.scaling.lag.total_s", span."loadtest.scaling.deficit_replica_seconds")`;
}

/** Stage spans of a run (stage changes). */
export function stageSpans(runId: string): string {
  return `{ name =~ "stage [0-9]+" && ${runAttr(runId)} } | select(span."loadtest.stage", span."loadtest.stage.target_rate", span."loadtest.stage.vus")`;
}
