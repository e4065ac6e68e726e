import { KSM_METRICS as KSM, LABELS as L, METRICS as M, SCALING_LAG_BUCKETS_S } from './names';
import { eq, ne, re, selector } from './selector';

/*
 * Alert expressions: plain PromQL without Grafana variables, the same in Prometheus rule files and
 * Grafana-managed rules. Each returns one series per thing that is wrong, nothing when all is well.
 */

/**
 * A scale-up of this run whose total lag exceeded `thresholdS` (count − the `le` bucket = episodes
 * slower than the bound). Cumulative per run, so the first episode counts too (increase() would
 * miss a series born with count 1). The threshold must be a bucket bound of loadtest.scaling.lag.
 */
export function scalingLagAbove(thresholdS: number): string {
  if (!(SCALING_LAG_BUCKETS_S as readonly number[]).includes(thresholdS)) {
    throw new RangeError(`scaling lag threshold ${thresholdS}s is not a bucket bound (${SCALING_LAG_BUCKETS_S.join(', ')})`);
  }
  const m = [eq(L.direction, 'up'), eq(L.phase, 'total')];
  const by = `${L.runId}, ${L.namespace}, ${L.hpa}`;
  return `max by (${by}) (${selector(`${M.scalingLag}_count`, ...m)} - ignoring (le) ${selector(`${M.scalingLag}_bucket`, ...m, eq('le', String(thresholdS)))}) > 0`;
}

/**
 * Replicas wanted but not ready: spec.replicas (which the HPA sets) above available replicas. Reads
 * ScaleTrace's watcher or the collector's k8s_cluster receiver (same names) and, for clusters
 * without either, kube-state-metrics (relabelled to the same labels); `or` keeps one per workload.
 * The rule's `for` makes it "for longer than N minutes".
 */
export function replicasNotReady(): string {
  const by = `${L.namespace}, ${L.deployment}, ${L.statefulset}`;
  const otel = `max by (${by}) (${M.deploymentDesired} - ${M.deploymentAvailable})`;
  const ksmDiff = `${KSM.deploymentSpecReplicas} - ${KSM.deploymentAvailableReplicas}`;
  const ksm = `max by (${by}) (label_replace(label_replace(${ksmDiff}, "${L.namespace}", "$1", "namespace", "(.+)"), "${L.deployment}", "$1", "deployment", "(.+)"))`;
  return `(${otel} or ${ksm}) > 0`;
}

/**
 * An HPA of a run that wants more replicas than its Deployment has Ready: the scale-up still under
 * way, or one that never completes (loadtest_scaling_lag_seconds only records completed episodes).
 * The watcher labels the Deployment metrics with the HPA that scales it; `for` makes it "longer than".
 */
export function scaleUpNotReady(): string {
  const by = `${L.runId}, ${L.namespace}, ${L.hpa}`;
  const perRun = (metric: string): string => `max by (${by}) (${selector(metric, ne(L.runId, ''))})`;
  return `${perRun(M.hpaDesiredReplicas)} - ${perRun(M.deploymentAvailable)} > 0`;
}

/** Seconds as a Prometheus duration, which has no fractions (2.5 → 2500ms). */
export function promDuration(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}

/** Error ratio of each running load test over `window`. */
export function runErrorRatio(window: string): string {
  const rate = (...m: string[]): string => `sum by (${L.runId}) (rate(${selector(`${M.requestDuration}_count`, ...m)}[${window}]))`;
  return `${rate(ne(L.errorType, ''))} / ${rate()}`;
}

/** An HPA at maxReplicas while the load test driving it fails more than `errorRatio` of requests. */
export function hpaAtMaxWithErrors(errorRatio: number, window: string): string {
  const by = `${L.runId}, ${L.namespace}, ${L.hpa}`;
  const atMax = `max by (${by}) (${M.hpaCurrentReplicas}) >= on (${by}) max by (${by}) (${M.hpaMaxReplicas})`;
  return `(${atMax}) and on (${L.runId}) (${runErrorRatio(window)} > ${errorRatio})`;
}

/** Request spans the generator spilled to disk or dropped (the collector is not keeping up). */
export function generatorDroppingSpans(window: string): string {
  return `sum by (${L.runId}) (increase(${selector(M.telemetrySpans, re(L.outcome, 'spilled|dropped'))}[${window}])) > 0`;
}

export interface AlertRule {
  /** Alert name, and the stable uid of its Grafana-managed copy. */
  name: string;
  uid: string;
  expr: string;
  /** Prometheus duration the condition must hold before it fires. */
  for: string;
  severity: 'warning' | 'critical';
  /** The user's threshold, in words, for previews ("total lag > 60 s"). */
  threshold: string;
  summary: string;
  description: string;
}

export interface AlertThresholds {
  scalingLagS: number;
  notReadyFor: string;
  errorRatio: number;
  errorWindow: string;
  spanWindow: string;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  scalingLagS: 60, notReadyFor: '10m', errorRatio: 0.05, errorWindow: '2m', spanWindow: '5m',
};

/** The five rules, from thresholds the user picks (the plugin's Scaling page) or the defaults. */
export function alertRules(t: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): AlertRule[] {
  return [
    {
      name: 'ScaleTraceScalingLagHigh', uid: 'scaletrace-scaling-lag-high', expr: scalingLagAbove(t.scalingLagS), for: '0m', severity: 'warning',
      threshold: `completed scale-up lag > ${t.scalingLagS} s`,
      summary: `Scale-up of {{ $labels.${L.hpa} }} took longer than ${t.scalingLagS}s`,
      description: `Run {{ $labels.${L.runId} }}: a scale-up of HPA {{ $labels.${L.namespace} }}/{{ $labels.${L.hpa} }} took more than ${t.scalingLagS}s from the load change to Ready pods.`,
    },
    {
      name: 'ScaleTraceScaleUpNotReady', uid: 'scaletrace-scale-up-not-ready', expr: scaleUpNotReady(), for: promDuration(t.scalingLagS), severity: 'warning',
      threshold: `desired > ready for ${t.scalingLagS} s`,
      summary: `Scale-up of {{ $labels.${L.hpa} }} not Ready after ${t.scalingLagS}s`,
      description: `Run {{ $labels.${L.runId} }}: HPA {{ $labels.${L.namespace} }}/{{ $labels.${L.hpa} }} has wanted {{ $value }} more replicas than are Ready for more than ${t.scalingLagS}s (a scale-up that has not completed, or never will).`,
    },
    {
      name: 'ScaleTraceReplicasNotReady', uid: 'scaletrace-replicas-not-ready', expr: replicasNotReady(), for: t.notReadyFor, severity: 'warning',
      threshold: `desired > available for ${t.notReadyFor}`,
      summary: `Desired replicas not ready for ${t.notReadyFor}`,
      description: `{{ $labels.${L.namespace} }}/{{ $labels.${L.deployment} }}{{ $labels.${L.statefulset} }} has wanted {{ $value }} more replicas than are available for ${t.notReadyFor} (pending pods, failing readiness, quota).`,
    },
    {
      name: 'ScaleTraceHpaAtMaxWithErrors', uid: 'scaletrace-hpa-at-max-errors', expr: hpaAtMaxWithErrors(t.errorRatio, t.errorWindow), for: '1m', severity: 'critical',
      threshold: `at maxReplicas and errors > ${Math.round(t.errorRatio * 10000) / 100} % (${t.errorWindow})`,
      summary: `HPA {{ $labels.${L.hpa} }} is at maxReplicas while the load test fails`,
      description: `HPA {{ $labels.${L.namespace} }}/{{ $labels.${L.hpa} }} is pinned at maxReplicas and run {{ $labels.${L.runId} }} fails more than ${t.errorRatio * 100}% of requests: capacity is exhausted.`,
    },
    {
      name: 'ScaleTraceGeneratorDroppingSpans', uid: 'scaletrace-generator-dropping-spans', expr: generatorDroppingSpans(t.spanWindow), for: '0m', severity: 'warning',
      threshold: `any spilled or dropped span in ${t.spanWindow}`,
      summary: 'The load generator is spilling or dropping request spans',
      description: `Run {{ $labels.${L.runId} }} spilled or dropped {{ $value | humanize }} request spans in ${t.spanWindow}: the collector is not keeping up (replay them with scaletrace replay).`,
    },
  ];
}
