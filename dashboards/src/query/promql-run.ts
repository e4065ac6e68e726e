import { LABELS as L, METRICS as M, EXPORT_STEP_S } from './names';
import { eq, ne, re, selector } from './selector';
import { runExportTime } from './promql-runs';
import type { HpaScope, RangeScope, RunScope } from './scope';

/* PromQL of one run (the "Load test run" dashboard and the plugin's Run page). */

const run = (s: { runId?: string }): string | undefined => (s.runId === undefined ? undefined : eq(L.runId, s.runId));
const requests = (s: RunScope, suffix: string, ...more: string[]): string => selector(`${M.requestDuration}_${suffix}`, run(s), ...more);
const failed = ne(L.errorType, '');

export const LATENCY_QUANTILES = [0.5, 0.95, 0.99] as const;

/** Target arrival rate (open model), summed over the run's workers. */
export function targetRps(s: RunScope): string {
  return `sum(${selector(M.targetRate, run(s))})`;
}

/** Completed requests per second (successes and failures). */
export function achievedRps(s: RunScope): string {
  return `sum(rate(${requests(s, 'count')}[${s.interval}]))`;
}

export function latencyQuantile(s: RunScope, q: number): string {
  return `histogram_quantile(${q}, sum by (le) (rate(${requests(s, 'bucket')}[${s.interval}])))`;
}

/** Failed requests per second by error.type (500, timeout, ECONNRESET…). */
export function errorRateByType(s: RunScope): string {
  return `sum by (${L.errorType}) (rate(${requests(s, 'count', failed)}[${s.interval}]))`;
}

/** Requests in flight, by Little's law: seconds of latency completed per second = mean concurrency. */
export function inFlight(s: RunScope): string {
  return `sum(rate(${requests(s, 'sum')}[${s.interval}]))`;
}

/** Active virtual users (closed model). */
export function virtualUsers(s: RunScope): string {
  return `sum(${selector(M.vus, run(s))})`;
}

/** Open-model arrivals dropped because maxInFlight was reached, per stage. */
export function droppedArrivals(s: RunScope): string {
  return `sum by (${L.stage}) (rate(${selector(M.iterationsDropped, run(s))}[${s.interval}]))`;
}

/** Success % over the range: counters are cumulative from the run's start, so max_over_time is the run's total. */
export function successPercent(s: RunScope & RangeScope): string {
  const total = (extra?: string): string => `sum(max_over_time(${requests(s, 'count', ...(extra ? [extra] : []))}[${s.range}]))`;
  return `100 * (1 - ((${total(failed)} or vector(0)) / ${total()}))`;
}

const hpaMatchers = (s: HpaScope): Array<string | undefined> => [run(s), re(L.namespace, s.namespace), re(L.hpa, s.hpa)];
const byHpa = `${L.namespace}, ${L.hpa}`;

export type ReplicaSeries = 'current' | 'desired' | 'ready' | 'max';
const REPLICA_METRIC: Record<ReplicaSeries, string> = {
  current: M.hpaCurrentReplicas, desired: M.hpaDesiredReplicas, ready: M.deploymentAvailable, max: M.hpaMaxReplicas,
};

/**
 * Replicas per HPA: current (the target's spec), desired (the HPA's decision), ready (available
 * pods), max. The watcher labels a Deployment's metrics with its HPA; the collector's k8s_cluster
 * receiver does not, so across runs (no runId) "ready" also joins those Deployments to the HPA that
 * scales them, through the HPA's k8s_hpa_scaletargetref_{kind,name} (otel-collector/k8s-cluster.yaml).
 */
export function replicas(s: HpaScope, series: ReplicaSeries): string {
  const own = selector(REPLICA_METRIC[series], ...hpaMatchers(s));
  if (series !== 'ready' || s.runId !== undefined) return `max by (${byHpa}) (${own})`;
  return `max by (${byHpa}) (${own} or ${readyOfClusterReceiver(s)})`;
}

/** k8s_deployment_available without an HPA label, given the HPA (of `s`) whose scale target it is. */
function readyOfClusterReceiver(s: HpaScope): string {
  const byTarget = `${L.namespace}, ${L.deployment}`;
  const targets = selector(M.hpaMaxReplicas, re(L.namespace, s.namespace), re(L.hpa, s.hpa), eq(L.hpaTargetKind, 'Deployment'));
  const hpaOfDeployment = `max by (${byTarget}, ${L.hpa}) (label_replace(${targets}, "${L.deployment}", "$1", "${L.hpaTargetName}", "(.+)"))`;
  return `(${selector(M.deploymentAvailable, eq(L.hpa, ''))} + on (${byTarget}) group_left (${L.hpa}) (0 * ${hpaOfDeployment}))`;
}

/** Replicas the HPA wants but that are not ready yet. */
export function replicaDeficit(s: HpaScope): string {
  return `clamp_min(${replicas(s, 'desired')} - ${replicas(s, 'ready')}, 0)`;
}

/** The deficit integrated over the range, in replica-seconds. */
export function deficitReplicaSeconds(s: HpaScope & RangeScope): string {
  return `sum by (${byHpa}) (sum_over_time((${replicaDeficit(s)})[${s.range}:${EXPORT_STEP_S}s])) * ${EXPORT_STEP_S}`;
}

/** Seconds the HPA spent at maxReplicas within the range. */
export function timeAtMaxReplicas(s: HpaScope & RangeScope): string {
  return `sum by (${byHpa}) (sum_over_time((${replicas(s, 'current')} >= bool ${replicas(s, 'max')})[${s.range}:${EXPORT_STEP_S}s])) * ${EXPORT_STEP_S}`;
}

export type LagPhase = 'detection' | 'actuation' | 'total';
export const LAG_PHASES: readonly LagPhase[] = ['detection', 'actuation', 'total'];

/**
 * Mean scale-up lag of one phase per HPA (sum / count of the histogram; exact when the run had one
 * episode per HPA — the episode spans in Tempo have each episode's own value).
 */
export function scalingLagMean(s: HpaScope, phase: LagPhase): string {
  const m = [...hpaMatchers(s), eq(L.direction, 'up'), eq(L.phase, phase)];
  return `max by (${byHpa}) (${selector(`${M.scalingLag}_sum`, ...m)} / ${selector(`${M.scalingLag}_count`, ...m)})`;
}

/**
 * The same mean for a stat over the range: each HPA's last sum / count in the range, so a run that
 * ended before the range's end still shows its lag (an instant selector looks back only 5 min).
 */
export function scalingLagMeanInRange(s: HpaScope & RangeScope, phase: LagPhase): string {
  const m = [...hpaMatchers(s), eq(L.direction, 'up'), eq(L.phase, phase)];
  const last = (suffix: string): string => `last_over_time(${selector(`${M.scalingLag}_${suffix}`, ...m)}[${s.range}])`;
  return `max by (${byHpa}) (${last('sum')} / ${last('count')})`;
}

/** Scaling episodes per direction (every episode records its detection lag). */
export function scalingEpisodes(s: HpaScope): string {
  return `sum by (${L.direction}) (${selector(`${M.scalingLag}_count`, ...hpaMatchers(s), eq(L.phase, 'detection'))})`;
}

/** HPA metric value and its target per metric (cpu, memory…), in % of the target's unit. */
export function hpaUtilization(s: HpaScope): string {
  return `max by (${byHpa}, metric, kind) (${selector(M.hpaUtilization, ...hpaMatchers(s))})`;
}

/** Annotation: a step where an HPA's desired replicas changed (a scaling decision). */
export function desiredReplicasChanged(s: HpaScope): string {
  return `max by (${byHpa}) (changes(${selector(M.hpaDesiredReplicas, ...hpaMatchers(s))}[${s.interval}])) > 0`;
}

/** CPU cores used per pod of the scale target (metrics.k8s.io, what `kubectl top` shows). */
export function podCpuCores(s: HpaScope): string {
  return `sum by (k8s_pod_name) (${selector(M.podCpuUsage, run(s), re(L.namespace, s.namespace))})`;
}

/** Working-set memory per pod of the scale target. */
export function podMemoryBytes(s: HpaScope): string {
  return `sum by (k8s_pod_name) (${selector(M.podMemoryUsage, run(s), re(L.namespace, s.namespace))})`;
}

/** One run's first export in the range (Unix seconds, within one export of its start): where the Run page opens. */
export function runFirstExport(s: Pick<RunScope, 'runId'> & RangeScope): string {
  return runExportTime(s, 'first');
}

/** One run's last export in the range (Unix seconds, within one export of its end). */
export function runLastExport(s: Pick<RunScope, 'runId'> & RangeScope): string {
  return runExportTime(s, 'last');
}
