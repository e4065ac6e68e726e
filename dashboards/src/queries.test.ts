import {
  achievedRps, alertRules, clientSpanErrorRate, clientSpanLatencyQuantile, DASHBOARD_QUERIES, DEFAULT_ALERT_THRESHOLDS,
  deficitReplicaSeconds, desiredReplicasChanged, droppedArrivals, errorRateByType, failedRequests, generatorCpuCores,
  generatorDroppingSpans, hpaAtMaxWithErrors, hpaUtilization, inFlight, latencyQuantile, podCpuCores, podFailures,
  podMemoryBytes, replicaDeficit, replicas, replicasNotReady, rescaleEvents, runFirstExport, runLastExport, runLogs,
  runsDurationSeconds, runsErrorPercent,
  runsInfo, runsLatencyQuantile, runsMaxReplicas, runsMeanRps, runsRequests, runsStart, runsWorstScalingLag,
  scalingEpisodes, scalingEpisodeSpans, scalingLagAbove, scalingLagMean, scalingLagMeanInRange, scheduleLagQuantile, spanOutcomeRate,
  spanOutcomeTotal, stageChanges, stageSpans, successPercent, targetRps, timeAtMaxReplicas, VARIABLE_QUERIES,
  virtualUsers,
} from './queries';
import { promDuration, scaleUpNotReady } from './query/promql-alerts';

// The plugin's view: concrete values instead of Grafana variables.
const run = { runId: 'r-1', interval: '1m' };
const hpa = { runId: 'r-1', hpa: 'web', namespace: 'demo', interval: '1m' };
const r = { range: '1h' };

describe('run queries (Run page, "Load test run")', () => {
  it('are exact PromQL over the contract names', () => {
    expect(targetRps(run)).toBe(
      'sum(loadtest_rate_target_per_second{loadtest_run_id="r-1"})',
    );
    expect(achievedRps(run)).toBe(
      'sum(rate(http_client_request_duration_seconds_count{loadtest_run_id="r-1"}[1m]))',
    );
    expect(latencyQuantile(run, 0.99)).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(http_client_request_duration_seconds_bucket{loadtest_run_id="r-1"}[1m])))',
    );
    expect(errorRateByType(run)).toBe(
      'sum by (error_type) (rate(http_client_request_duration_seconds_count{loadtest_run_id="r-1", error_type!=""}[1m]))',
    );
    expect(inFlight(run)).toBe(
      'sum(rate(http_client_request_duration_seconds_sum{loadtest_run_id="r-1"}[1m]))',
    );
    expect(virtualUsers(run)).toBe(
      'sum(loadtest_vus{loadtest_run_id="r-1"})',
    );
    expect(droppedArrivals(run)).toBe(
      'sum by (loadtest_stage) (rate(loadtest_iterations_dropped_total{loadtest_run_id="r-1"}[1m]))',
    );
    // Where the Run page opens: the run's own first and last export.
    expect(runFirstExport({ runId: 'r-1', ...r })).toBe(
      'min(min_over_time(timestamp(loadtest_run_info{loadtest_run_id="r-1"})[1h:5s]))',
    );
    expect(runLastExport({ runId: 'r-1', ...r })).toBe(
      'max(max_over_time(timestamp(loadtest_run_info{loadtest_run_id="r-1"})[1h:5s]))',
    );
    expect(successPercent({ ...run, ...r })).toBe(
      '100 * (1 - ((sum(max_over_time(http_client_request_duration_seconds_count{loadtest_run_id="r-1", error_type!=""}[1h])) or vector(0)) / sum(max_over_time(http_client_request_duration_seconds_count{loadtest_run_id="r-1"}[1h]))))',
    );
  });
});

describe('replica and scaling-lag queries', () => {
  it('are exact PromQL per HPA', () => {
    expect(replicas(hpa, 'current')).toBe(
      'max by (k8s_namespace_name, k8s_hpa_name) (k8s_hpa_current_replicas{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web"})',
    );
    expect(replicas(hpa, 'ready')).toBe(
      'max by (k8s_namespace_name, k8s_hpa_name) (k8s_deployment_available{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web"})',
    );
    // Across runs, "ready" also takes the k8s_cluster receiver's Deployments, joined to their HPA by its scale target.
    expect(replicas({ ...hpa, runId: undefined }, 'ready')).toBe(
      'max by (k8s_namespace_name, k8s_hpa_name) (k8s_deployment_available{k8s_namespace_name=~"demo", k8s_hpa_name=~"web"} or (k8s_deployment_available{k8s_hpa_name=""} + on (k8s_namespace_name, k8s_deployment_name) group_left (k8s_hpa_name) (0 * max by (k8s_namespace_name, k8s_deployment_name, k8s_hpa_name) (label_replace(k8s_hpa_max_replicas{k8s_namespace_name=~"demo", k8s_hpa_name=~"web", k8s_hpa_scaletargetref_kind="Deployment"}, "k8s_deployment_name", "$1", "k8s_hpa_scaletargetref_name", "(.+)")))))',
    );
    expect(replicaDeficit(hpa)).toBe(
      'clamp_min(max by (k8s_namespace_name, k8s_hpa_name) (k8s_hpa_desired_replicas{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web"}) - max by (k8s_namespace_name, k8s_hpa_name) (k8s_deployment_available{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web"}), 0)',
    );
    expect(deficitReplicaSeconds({ ...hpa, ...r })).toBe(
      'sum by (k8s_namespace_name, k8s_hpa_name) (sum_over_time((clamp_min(max by (k8s_namespace_name, k8s_hpa_name) (k8s_hpa_desired_replicas{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web"}) - max by (k8s_namespace_name, k8s_hpa_name) (k8s_deployment_available{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web"}), 0))[1h:5s])) * 5',
    );
    expect(timeAtMaxReplicas({ ...hpa, ...r })).toBe(
      'sum by (k8s_namespace_name, k8s_hpa_name) (sum_over_time((max by (k8s_namespace_name, k8s_hpa_name) (k8s_hpa_current_replicas{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web"}) >= bool max by (k8s_namespace_name, k8s_hpa_name) (k8s_hpa_max_replicas{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web"}))[1h:5s])) * 5',
    );
    expect(scalingLagMean(hpa, 'actuation')).toBe(
      'max by (k8s_namespace_name, k8s_hpa_name) (loadtest_scaling_lag_seconds_sum{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web", loadtest_scaling_direction="up", loadtest_scaling_phase="actuation"} / loadtest_scaling_lag_seconds_count{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web", loadtest_scaling_direction="up", loadtest_scaling_phase="actuation"})',
    );
    // Stats over the range: the last sum and count in it, so a run that ended long before the range's end still shows.
    expect(scalingLagMeanInRange({ ...hpa, ...r }, 'detection')).toBe(
      'max by (k8s_namespace_name, k8s_hpa_name) (last_over_time(loadtest_scaling_lag_seconds_sum{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web", loadtest_scaling_direction="up", loadtest_scaling_phase="detection"}[1h]) / last_over_time(loadtest_scaling_lag_seconds_count{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web", loadtest_scaling_direction="up", loadtest_scaling_phase="detection"}[1h]))',
    );
    expect(scalingEpisodes(hpa)).toBe(
      'sum by (loadtest_scaling_direction) (loadtest_scaling_lag_seconds_count{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web", loadtest_scaling_phase="detection"})',
    );
    expect(hpaUtilization(hpa)).toBe(
      'max by (k8s_namespace_name, k8s_hpa_name, metric, kind) (loadtest_hpa_utilization_percent{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web"})',
    );
    expect(desiredReplicasChanged(hpa)).toBe(
      'max by (k8s_namespace_name, k8s_hpa_name) (changes(k8s_hpa_desired_replicas{loadtest_run_id="r-1", k8s_namespace_name=~"demo", k8s_hpa_name=~"web"}[1m])) > 0',
    );
    expect(podCpuCores(hpa)).toBe(
      'sum by (k8s_pod_name) (k8s_pod_cpu_usage{loadtest_run_id="r-1", k8s_namespace_name=~"demo"})',
    );
    expect(podMemoryBytes(hpa)).toBe(
      'sum by (k8s_pod_name) (k8s_pod_memory_usage_bytes{loadtest_run_id="r-1", k8s_namespace_name=~"demo"})',
    );
    expect(scalingLagMean({ hpa: '.*', namespace: '.*', interval: '1m' }, 'total')).toBe(
      'max by (k8s_namespace_name, k8s_hpa_name) (loadtest_scaling_lag_seconds_sum{k8s_namespace_name=~".*", k8s_hpa_name=~".*", loadtest_scaling_direction="up", loadtest_scaling_phase="total"} / loadtest_scaling_lag_seconds_count{k8s_namespace_name=~".*", k8s_hpa_name=~".*", loadtest_scaling_direction="up", loadtest_scaling_phase="total"})',
    );
  });
});

describe('generator health and spanmetrics queries', () => {
  it('are exact PromQL', () => {
    expect(spanOutcomeRate(run)).toBe(
      'sum by (loadtest_telemetry_outcome) (rate(loadtest_telemetry_spans_total{loadtest_run_id="r-1"}[1m]))',
    );
    expect(spanOutcomeTotal(run)).toBe(
      'sum by (loadtest_telemetry_outcome) (loadtest_telemetry_spans_total{loadtest_run_id="r-1"})',
    );
    expect(scheduleLagQuantile(run, 0.5)).toBe(
      'histogram_quantile(0.5, sum by (le) (rate(loadtest_request_schedule_lag_seconds_bucket{loadtest_run_id="r-1"}[1m])))',
    );
    expect(generatorCpuCores(run)).toBe(
      'sum by (loadtest_worker_index) (rate(process_cpu_time_seconds_total{loadtest_run_id="r-1"}[1m]))',
    );
    expect(clientSpanLatencyQuantile(run, 0.95)).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(traces_span_metrics_duration_seconds_bucket{loadtest_run_id="r-1", span_kind="SPAN_KIND_CLIENT"}[1m])))',
    );
    expect(clientSpanErrorRate(run)).toBe(
      'sum by (span_name) (rate(traces_span_metrics_calls_total{loadtest_run_id="r-1", span_kind="SPAN_KIND_CLIENT", status_code="STATUS_CODE_ERROR"}[1m]))',
    );
  });
});

describe('Runs table queries', () => {
  it('group every run by loadtest_run_id over the range', () => {
    expect(runsInfo(r)).toBe(
      'max by (loadtest_run_id, loadtest_scenario, loadtest_model, loadtest_run_status) (last_over_time(loadtest_run_info{loadtest_run_status!="running"}[1h])) or on (loadtest_run_id) max by (loadtest_run_id, loadtest_scenario, loadtest_model, loadtest_run_status) (last_over_time(loadtest_run_info{loadtest_run_status="running"}[1h]))',
    );
    expect(runsStart(r)).toBe(
      'min by (loadtest_run_id) (min_over_time(timestamp(loadtest_run_info)[1h:5s]))',
    );
    expect(runsDurationSeconds(r)).toBe(
      'max by (loadtest_run_id) (max_over_time(timestamp(loadtest_run_info)[1h:5s])) - min by (loadtest_run_id) (min_over_time(timestamp(loadtest_run_info)[1h:5s]))',
    );
    expect(runsRequests(r)).toBe(
      'sum by (loadtest_run_id) (max_over_time(http_client_request_duration_seconds_count[1h]))',
    );
    expect(runsMeanRps(r)).toBe(
      'sum by (loadtest_run_id) (max_over_time(http_client_request_duration_seconds_count[1h])) / (max by (loadtest_run_id) (max_over_time(timestamp(loadtest_run_info)[1h:5s])) - min by (loadtest_run_id) (min_over_time(timestamp(loadtest_run_info)[1h:5s])))',
    );
    expect(runsErrorPercent(r)).toBe(
      '100 * (sum by (loadtest_run_id) (max_over_time(http_client_request_duration_seconds_count{error_type!=""}[1h])) / sum by (loadtest_run_id) (max_over_time(http_client_request_duration_seconds_count[1h])) or on (loadtest_run_id) 0 * sum by (loadtest_run_id) (max_over_time(http_client_request_duration_seconds_count[1h])))',
    );
    expect(runsMaxReplicas(r)).toBe(
      'max by (loadtest_run_id) (max_over_time(k8s_hpa_current_replicas{loadtest_run_id!=""}[1h]))',
    );
    expect(runsWorstScalingLag(r)).toBe(
      'max by (loadtest_run_id) (last_over_time(loadtest_scaling_lag_seconds_sum{loadtest_scaling_direction="up", loadtest_scaling_phase="total"}[1h]) / last_over_time(loadtest_scaling_lag_seconds_count{loadtest_scaling_direction="up", loadtest_scaling_phase="total"}[1h]))',
    );
    expect(runsLatencyQuantile(r, 0.95)).toBe(
      'histogram_quantile(0.95, sum by (loadtest_run_id, le) (max_over_time(http_client_request_duration_seconds_bucket[1h])))',
    );
  });
});

describe('alert expressions', () => {
  it('are exact PromQL without Grafana variables', () => {
    expect(scalingLagAbove(60)).toBe(
      'max by (loadtest_run_id, k8s_namespace_name, k8s_hpa_name) (loadtest_scaling_lag_seconds_count{loadtest_scaling_direction="up", loadtest_scaling_phase="total"} - ignoring (le) loadtest_scaling_lag_seconds_bucket{loadtest_scaling_direction="up", loadtest_scaling_phase="total", le="60"}) > 0',
    );
    expect(replicasNotReady()).toBe(
      '(max by (k8s_namespace_name, k8s_deployment_name, k8s_statefulset_name) (k8s_deployment_desired - k8s_deployment_available) or max by (k8s_namespace_name, k8s_deployment_name, k8s_statefulset_name) (label_replace(label_replace(kube_deployment_spec_replicas - kube_deployment_status_replicas_available, "k8s_namespace_name", "$1", "namespace", "(.+)"), "k8s_deployment_name", "$1", "deployment", "(.+)"))) > 0',
    );
    expect(hpaAtMaxWithErrors(0.05, '2m')).toBe(
      '(max by (loadtest_run_id, k8s_namespace_name, k8s_hpa_name) (k8s_hpa_current_replicas) >= on (loadtest_run_id, k8s_namespace_name, k8s_hpa_name) max by (loadtest_run_id, k8s_namespace_name, k8s_hpa_name) (k8s_hpa_max_replicas)) and on (loadtest_run_id) (sum by (loadtest_run_id) (rate(http_client_request_duration_seconds_count{error_type!=""}[2m])) / sum by (loadtest_run_id) (rate(http_client_request_duration_seconds_count[2m])) > 0.05)',
    );
    expect(generatorDroppingSpans('5m')).toBe(
      'sum by (loadtest_run_id) (increase(loadtest_telemetry_spans_total{loadtest_telemetry_outcome=~"spilled|dropped"}[5m])) > 0',
    );
    expect(scaleUpNotReady()).toBe(
      'max by (loadtest_run_id, k8s_namespace_name, k8s_hpa_name) (k8s_hpa_desired_replicas{loadtest_run_id!=""}) - max by (loadtest_run_id, k8s_namespace_name, k8s_hpa_name) (k8s_deployment_available{loadtest_run_id!=""}) > 0',
    );
  });

  it('write a fractional threshold as a duration Prometheus parses (no "2.5s")', () => {
    expect([60, 1, 2.5].map(promDuration)).toEqual(['60s', '1s', '2500ms']);
  });

  it('refuse a scaling-lag threshold that is not a bucket bound (the le matcher would match nothing)', () => {
    expect(() => scalingLagAbove(50)).toThrow('not a bucket bound');
    expect(scalingLagAbove(2.5)).toContain('le="2.5"');
  });

  it('alertRules() builds the five rules from the thresholds, with their expressions from the module', () => {
    const rules = alertRules({ ...DEFAULT_ALERT_THRESHOLDS, scalingLagS: 30, errorRatio: 0.1, notReadyFor: '5m' });
    expect(rules.map((a) => a.name)).toEqual([
      'ScaleTraceScalingLagHigh', 'ScaleTraceScaleUpNotReady', 'ScaleTraceReplicasNotReady', 'ScaleTraceHpaAtMaxWithErrors',
      'ScaleTraceGeneratorDroppingSpans',
    ]);
    expect(rules.map((a) => a.expr)).toEqual([
      scalingLagAbove(30), scaleUpNotReady(), replicasNotReady(), hpaAtMaxWithErrors(0.1, '2m'), generatorDroppingSpans('5m'),
    ]);
    // A scale-up that never completes has no lag sample: the deficit rule waits the lag threshold itself.
    expect(rules.map((a) => [a.for, a.threshold])).toEqual([
      ['0m', 'completed scale-up lag > 30 s'], ['30s', 'desired > ready for 30 s'], ['5m', 'desired > available for 5m'],
      ['1m', 'at maxReplicas and errors > 10 % (2m)'], ['0m', 'any spilled or dropped span in 5m'],
    ]);
    expect(new Set(rules.map((a) => a.uid)).size).toBe(5);
  });
});

describe('TraceQL and LogQL', () => {
  it('are exact strings', () => {
    expect(failedRequests('r-1')).toBe(
      '{ kind = client && status = error && span."loadtest.run.id" = "r-1" } | select(span."loadtest.request.name", span."http.response.status_code", span."error.type", span."loadtest.target.pod")',
    );
    expect(scalingEpisodeSpans({ runId: 'r-1', hpa: 'web' })).toBe(
      '{ name =~ "scale (up|down) .+" && span."k8s.hpa.name" =~ "web" && span."loadtest.run.id" = "r-1" } | select(span."loadtest.run.id", span."k8s.hpa.name", span."loadtest.scaling.direction", span."loadtest.scaling.from", span."loadtest.scaling.to", span."loadtest.scaling.lag.detection_s", span."loadtest.scaling.lag.actuation_s", span."loadtest.scaling.lag.total_s", span."loadtest.scaling.deficit_replica_seconds")',
    );
    expect(scalingEpisodeSpans({ hpa: '.*' })).toBe(
      '{ name =~ "scale (up|down) .+" && span."k8s.hpa.name" =~ ".*" } | select(span."loadtest.run.id", span."k8s.hpa.name", span."loadtest.scaling.direction", span."loadtest.scaling.from", span."loadtest.scaling.to", span."loadtest.scaling.lag.detection_s", span."loadtest.scaling.lag.actuation_s", span."loadtest.scaling.lag.total_s", span."loadtest.scaling.deficit_replica_seconds")',
    );
    expect(stageSpans('r-1')).toBe(
      '{ name =~ "stage [0-9]+" && span."loadtest.run.id" = "r-1" } | select(span."loadtest.stage", span."loadtest.stage.target_rate", span."loadtest.stage.vus")',
    );
    expect(runLogs('r-1')).toBe(
      '{service_name="scaletrace"} | loadtest_run_id="r-1"',
    );
    expect(stageChanges('r-1')).toBe(
      '{service_name="scaletrace"} | loadtest_run_id="r-1" | loadtest_stage!=""',
    );
    expect(rescaleEvents('r-1')).toBe(
      '{service_name="scaletrace"} | loadtest_run_id="r-1" | k8s_event_reason="SuccessfulRescale"',
    );
    expect(podFailures({ hpa: 'web', namespace: 'demo', range: '1h' })).toBe(
      'sum by (k8s_hpa_name, k8s_event_reason) (count_over_time({service_name="scaletrace"} | k8s_object_kind="Pod" | severity_text=~"WARN|ERROR" | k8s_namespace_name=~"demo" | k8s_hpa_name=~"web" [1h]))',
    );
  });

  it('escape quotes and backslashes in values', () => {
    expect(failedRequests('a"b\\c')).toContain('span."loadtest.run.id" = "a\\"b\\\\c"');
    expect(targetRps({ runId: 'a"b', interval: '1m' })).toBe('sum(loadtest_rate_target_per_second{loadtest_run_id="a\\"b"})');
    expect(runLogs('x"')).toBe('{service_name="scaletrace"} | loadtest_run_id="x\\""');
  });
});

describe('dashboard queries', () => {
  it('use Grafana variables, not concrete values', () => {
    expect(DASHBOARD_QUERIES['run.p95'].expr).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_client_request_duration_seconds_bucket{loadtest_run_id="$run_id"}[$__rate_interval])))',
    );
    expect(DASHBOARD_QUERIES['run.failedRequests']).toEqual({ language: 'traceql', expr: failedRequests('$run_id') });
    expect(DASHBOARD_QUERIES['run.annotation.desiredChanged'].expr).toContain('(changes(k8s_hpa_desired_replicas{loadtest_run_id="$run_id", k8s_namespace_name=~"$namespace", k8s_hpa_name=~"$hpa"}[$__rate_interval])) > 0');
    expect(DASHBOARD_QUERIES['scaling.timeAtMax'].expr).toContain('[$__range:5s]');
    // The lag stats are instant queries at the range's end: they look back over the whole range.
    for (const id of ['run.lagDetection', 'run.lagActuation', 'run.lagTotal'] as const) {
      expect(DASHBOARD_QUERIES[id].expr).toMatch(/^max by \(k8s_namespace_name, k8s_hpa_name\) \(last_over_time\(.+\[\$__range\]\) \/ last_over_time\(.+\[\$__range\]\)\)$/);
    }
    expect(DASHBOARD_QUERIES['run.lagTotal'].expr).toBe(scalingLagMeanInRange({ runId: '$run_id', hpa: '$hpa', namespace: '$namespace', interval: '$__rate_interval', range: '$__range' }, 'total'));
    for (const q of Object.values(DASHBOARD_QUERIES)) expect(q.expr).not.toMatch(/r-1|"web"/);
  });

  it('template variables are label_values queries over contract names', () => {
    expect(VARIABLE_QUERIES.runId).toBe('label_values(loadtest_run_info, loadtest_run_id)');
    expect(VARIABLE_QUERIES.hpa).toBe(
      'label_values(k8s_hpa_current_replicas{loadtest_run_id="$run_id", k8s_namespace_name=~"$namespace"}, k8s_hpa_name)',
    );
  });
});
