/**
 * Prometheus names of the telemetry contract (docs/telemetry.md), as the collector's
 * prometheusremotewrite exporter writes them with `resource_to_telemetry_conversion` on: OTel
 * names with dots → underscores, unit suffixes (`s` → `_seconds`, `By` → `_bytes`, `%` →
 * `_percent`, `/s` → `_per_second`, `{…}` units add nothing), `_total` on monotonic counters.
 * test/collector-pipeline.test.ts proves every one of them through the real collector into a real Prometheus.
 */
export const METRICS = {
  runInfo: 'loadtest_run_info',
  requestDuration: 'http_client_request_duration_seconds',
  scheduleLag: 'loadtest_request_schedule_lag_seconds',
  timeToFirstByte: 'loadtest_request_time_to_first_byte_seconds',
  vus: 'loadtest_vus',
  targetRate: 'loadtest_rate_target_per_second',
  iterationsDropped: 'loadtest_iterations_dropped_total',
  telemetrySpans: 'loadtest_telemetry_spans_total',
  processCpuTime: 'process_cpu_time_seconds_total',
  hpaCurrentReplicas: 'k8s_hpa_current_replicas',
  hpaDesiredReplicas: 'k8s_hpa_desired_replicas',
  hpaMinReplicas: 'k8s_hpa_min_replicas',
  hpaMaxReplicas: 'k8s_hpa_max_replicas',
  deploymentDesired: 'k8s_deployment_desired',
  deploymentAvailable: 'k8s_deployment_available',
  hpaUtilization: 'loadtest_hpa_utilization_percent',
  podCpuUsage: 'k8s_pod_cpu_usage',
  podMemoryUsage: 'k8s_pod_memory_usage_bytes',
  scalingLag: 'loadtest_scaling_lag_seconds',
} as const;

/** kube-state-metrics names, so the "replicas not ready" alert also works without ScaleTrace. */
export const KSM_METRICS = {
  deploymentSpecReplicas: 'kube_deployment_spec_replicas',
  deploymentAvailableReplicas: 'kube_deployment_status_replicas_available',
} as const;

/**
 * The collector's span_metrics connector (namespace `traces.span.metrics`, duration unit s — not
 * the connector's default ms, so exemplars are on the latency panels' unit —, exemplars on). Its dimensions service.name, span.name, span.kind and status.code are
 * built in; the generator's resource attributes (loadtest.run.id…) ride along as labels.
 */
export const SPANMETRICS = {
  calls: 'traces_span_metrics_calls_total',
  duration: 'traces_span_metrics_duration_seconds',
  clientKind: 'SPAN_KIND_CLIENT',
  errorStatus: 'STATUS_CODE_ERROR',
} as const;

/** Label names: OTel attribute names with every character outside [a-zA-Z0-9_] → `_`. */
export const LABELS = {
  runId: 'loadtest_run_id',
  scenario: 'loadtest_scenario',
  runStatus: 'loadtest_run_status',
  model: 'loadtest_model',
  workerIndex: 'loadtest_worker_index',
  requestName: 'loadtest_request_name',
  stage: 'loadtest_stage',
  errorType: 'error_type',
  statusCode: 'http_response_status_code',
  outcome: 'loadtest_telemetry_outcome',
  hpa: 'k8s_hpa_name',
  namespace: 'k8s_namespace_name',
  deployment: 'k8s_deployment_name',
  statefulset: 'k8s_statefulset_name',
  direction: 'loadtest_scaling_direction',
  phase: 'loadtest_scaling_phase',
  cpuMode: 'cpu_mode',
  serviceName: 'service_name',
  spanKind: 'span_kind',
  spanStatusCode: 'status_code',
  hpaTargetName: 'k8s_hpa_scaletargetref_name',
  hpaTargetKind: 'k8s_hpa_scaletargetref_kind',
} as const;

/** loadtest.scaling.lag bucket bounds (s), generator/src/telemetry/kube-signals.ts. */
export const SCALING_LAG_BUCKETS_S = [1, 2.5, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600] as const;

/** The generator exports metrics every 5 s: subqueries that integrate over time use this step. */
export const EXPORT_STEP_S = 5;

/** service.name of the generator's logs in Loki (the default; OTEL_SERVICE_NAME overrides it). */
export const GENERATOR_SERVICE_NAME = 'scaletrace';
