import { GENERATOR_SERVICE_NAME } from './names';

/*
 * LogQL for Loki's OTLP ingestion: service.name is the stream label `service_name`; log attributes
 * are structured metadata with dots as underscores; severity is `severity_text`.
 */

const str = (v: string): string => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const stream = `{service_name=${str(GENERATOR_SERVICE_NAME)}}`;
const ofRun = (runId: string): string => `${stream} | loadtest_run_id=${str(runId)}`;

/** Every log line of a run (lifecycle, thresholds, Kubernetes events). */
export function runLogs(runId: string): string {
  return ofRun(runId);
}

/** `stage N started` lines: stage-change annotations. */
export function stageChanges(runId: string): string {
  return `${ofRun(runId)} | loadtest_stage!=""`;
}

/** SuccessfulRescale events: scaling-episode annotations. */
export function rescaleEvents(runId: string): string {
  return `${ofRun(runId)} | k8s_event_reason="SuccessfulRescale"`;
}

/** Pod failures the watcher logged (crashes, OOM kills, CrashLoopBackOff as ERROR; unschedulable as WARN), per HPA and reason. */
export function podFailures(s: { hpa: string; namespace: string; range: string }): string {
  return `sum by (k8s_hpa_name, k8s_event_reason) (count_over_time(${stream} | k8s_object_kind="Pod" | severity_text=~"WARN|ERROR" | k8s_namespace_name=~${str(s.namespace)} | k8s_hpa_name=~${str(s.hpa)} [${s.range}]))`;
}
