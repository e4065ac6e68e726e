/**
 * The one module of PromQL, TraceQL and LogQL strings: the provisioned dashboards, the alert
 * rules (Prometheus and Grafana) and the Grafana app plugin all take their queries from here.
 * Pure functions of a scope (Grafana variables for dashboards, concrete values for the plugin).
 */
export { METRICS, KSM_METRICS, SPANMETRICS, LABELS, SCALING_LAG_BUCKETS_S, EXPORT_STEP_S, GENERATOR_SERVICE_NAME } from './query/names';
export { DASHBOARD_SCOPE, DASHBOARD_VARIABLES, type RunScope, type HpaScope, type RangeScope } from './query/scope';
export {
  LATENCY_QUANTILES, LAG_PHASES, targetRps, achievedRps, latencyQuantile, errorRateByType, inFlight, virtualUsers,
  droppedArrivals, successPercent, replicas, replicaDeficit, deficitReplicaSeconds, timeAtMaxReplicas, scalingLagMean,
  scalingLagMeanInRange, scalingEpisodes, hpaUtilization, desiredReplicasChanged, podCpuCores, podMemoryBytes,
  runFirstExport, runLastExport, type ReplicaSeries, type LagPhase,
} from './query/promql-run';
export {
  runsInfo, runsStart, runsDurationSeconds, runsRequests, runsMeanRps, runsLatencyQuantile, runsErrorPercent,
  runsMaxReplicas, runsWorstScalingLag,
} from './query/promql-runs';
export { spanOutcomeRate, spanOutcomeTotal, scheduleLagQuantile, generatorCpuCores } from './query/promql-generator';
export { clientSpanLatencyQuantile, clientSpanErrorRate } from './query/promql-spanmetrics';
export {
  scalingLagAbove, replicasNotReady, runErrorRatio, hpaAtMaxWithErrors, generatorDroppingSpans, alertRules,
  DEFAULT_ALERT_THRESHOLDS, type AlertRule, type AlertThresholds,
} from './query/promql-alerts';
export { failedRequests, scalingEpisodeSpans, stageSpans } from './query/traceql';
export { runLogs, stageChanges, rescaleEvents, podFailures } from './query/logql';
export { VARIABLE_QUERIES } from './query/variables';
export { DASHBOARD_QUERIES, type DashboardQuery, type DashboardQueryId, type QueryLanguage } from './query/dashboard-queries';
