import { annotation, dashboard, Grid, stat, table, target, timeseries, type Json } from './panels';
import { datasourceVariable, queryVariable } from './variables';

/** "Load test run": one run's load, latency, errors and the HPAs' replicas with scaling lag. */
export function loadTestRunDashboard(): Json {
  const g = new Grid();
  const panels = [
    stat(g, { title: 'Success', unit: 'percent', targets: [target('run.successPercent', 'A', { instant: true })] }),
    stat(g, { title: 'Detection lag', unit: 's', description: 'Load change → the HPA decides to scale up (mean per HPA).', targets: [target('run.lagDetection', 'A', { instant: true, legend: '{{k8s_hpa_name}}' })] }),
    stat(g, { title: 'Actuation lag', unit: 's', description: 'Decision → the new pods are Ready (mean per HPA).', targets: [target('run.lagActuation', 'A', { instant: true, legend: '{{k8s_hpa_name}}' })] }),
    stat(g, { title: 'Total scaling lag', unit: 's', targets: [target('run.lagTotal', 'A', { instant: true, legend: '{{k8s_hpa_name}}' })] }),
    stat(g, { title: 'Replica deficit', unit: 'none', description: 'Replica-seconds the HPA wanted but were not Ready, over the time range.', targets: [target('run.deficitReplicaSeconds', 'A', { instant: true, legend: '{{k8s_hpa_name}}' })] }),
    stat(g, { title: 'Episodes', unit: 'none', description: 'Scale-ups and scale-downs observed.', targets: [target('run.episodes', 'A', { instant: true, legend: '{{loadtest_scaling_direction}}' })] }),
    timeseries(g, { title: 'Target vs achieved RPS', unit: 'reqps', targets: [
      target('run.targetRps', 'A', { legend: 'target' }), target('run.achievedRps', 'B', { legend: 'achieved' }),
    ] }),
    timeseries(g, { title: 'Latency p50 / p95 / p99', unit: 's', description: 'Coordinated-omission corrected. Exemplar dots come from the collector\'s span metrics (p95 (spans), in seconds like the axis) and open the trace in Tempo; the generator\'s own histograms carry none.', targets: [
      target('run.p50', 'A', { legend: 'p50' }), target('run.p95', 'B', { legend: 'p95' }),
      target('run.p99', 'C', { legend: 'p99' }), target('run.spanP95', 'D', { legend: 'p95 (spans)', exemplar: true }),
    ] }),
    timeseries(g, { title: 'Errors by type', unit: 'reqps', targets: [target('run.errorsByType', 'A', { legend: '{{error_type}}' })] }),
    timeseries(g, { title: 'In flight and dropped arrivals', unit: 'short', description: 'In flight by Little\'s law (latency-seconds completed per second); dropped = open-model arrivals over maxInFlight.', targets: [
      target('run.inFlight', 'A', { legend: 'in flight' }), target('run.vus', 'B', { legend: 'virtual users' }),
      target('run.dropped', 'C', { legend: 'dropped/s stage {{loadtest_stage}}' }),
    ] }),
    timeseries(g, { title: 'Replicas per HPA', unit: 'none', steps: true, targets: [
      target('run.replicasCurrent', 'A', { legend: '{{k8s_hpa_name}} current' }), target('run.replicasDesired', 'B', { legend: '{{k8s_hpa_name}} desired' }),
      target('run.replicasReady', 'C', { legend: '{{k8s_hpa_name}} ready' }), target('run.replicasMax', 'D', { legend: '{{k8s_hpa_name}} max' }),
    ] }),
    timeseries(g, { title: 'HPA metric vs target', unit: 'percent', targets: [target('run.hpaUtilization', 'A', { legend: '{{k8s_hpa_name}} {{metric}} {{kind}}' })] }),
    timeseries(g, { title: 'Pod CPU', unit: 'none', description: 'Cores per pod of the scale target (metrics.k8s.io).', targets: [target('run.podCpu', 'A', { legend: '{{k8s_pod_name}}' })] }, { w: 12, h: 7 }),
    timeseries(g, { title: 'Pod memory', unit: 'bytes', targets: [target('run.podMemory', 'A', { legend: '{{k8s_pod_name}}' })] }, { w: 12, h: 7 }),
    table(g, { title: 'Failed requests', description: 'Error spans of this run in Tempo; open a row for its trace.', targets: [target('run.failedRequests', 'A')] }),
  ];
  return dashboard({
    title: 'Load test run',
    description: 'One ScaleTrace run: target vs achieved load, latency with exemplars, errors, and how the HPAs scaled.',
    variables: [
      datasourceVariable('prometheus', 'Prometheus'), datasourceVariable('tempo', 'Tempo'), datasourceVariable('loki', 'Loki'),
      queryVariable('run_id', 'Run', 'runId', false), queryVariable('namespace', 'Namespace', 'namespace', true),
      queryVariable('hpa', 'HPA', 'hpa', true),
    ],
    annotations: [
      annotation('Scaling decisions', 'run.annotation.desiredChanged', 'orange', '{{k8s_hpa_name}}: desired replicas changed'),
      annotation('Rescale events', 'run.annotation.rescale', 'purple'),
      annotation('Stage changes', 'run.annotation.stage', 'blue'),
    ],
    panels,
  });
}
