import { dashboard, Grid, stat, table, target, timeseries, type Json } from './panels';
import { datasourceVariable, queryVariable } from './variables';

/** "Scaling lag": every run's scaling per HPA, to compare runs and spot slow scale-ups. */
export function scalingLagDashboard(): Json {
  const g = new Grid();
  const panels = [
    timeseries(g, { title: 'Scale-up lag per HPA', unit: 's', description: 'Mean lag of each phase per HPA and run (each run starts its own series).', targets: [
      target('scaling.lagDetection', 'A', { legend: '{{k8s_hpa_name}} detection' }), target('scaling.lagActuation', 'B', { legend: '{{k8s_hpa_name}} actuation' }),
      target('scaling.lagTotal', 'C', { legend: '{{k8s_hpa_name}} total' }),
    ] }, { w: 24, h: 8 }),
    timeseries(g, { title: 'Replica deficit (desired − ready)', unit: 'none', steps: true, targets: [target('scaling.deficit', 'A', { legend: '{{k8s_hpa_name}}' })] }),
    timeseries(g, { title: 'Replicas vs max', unit: 'none', steps: true, targets: [
      target('scaling.replicasCurrent', 'A', { legend: '{{k8s_hpa_name}} current' }), target('scaling.replicasMax', 'B', { legend: '{{k8s_hpa_name}} max' }),
    ] }),
    stat(g, { title: 'Time at max replicas', unit: 's', targets: [target('scaling.timeAtMax', 'A', { instant: true, legend: '{{k8s_hpa_name}}' })] }, { w: 8, h: 4 }),
    stat(g, { title: 'Scaling episodes', unit: 'none', targets: [target('scaling.episodes', 'A', { instant: true, legend: '{{loadtest_scaling_direction}}' })] }, { w: 8, h: 4 }),
    stat(g, { title: 'Pod failures', unit: 'none', description: 'Crashes, OOM kills and unschedulable pods the watcher logged (Loki).', targets: [target('scaling.podFailures', 'A', { instant: true })] }, { w: 8, h: 4 }),
    table(g, { title: 'Scaling episodes (spans)', description: 'One span per episode with its exact lags and deficit.', targets: [target('scaling.episodeSpans', 'A')] }),
  ];
  return dashboard({
    title: 'Scaling lag',
    description: 'ScaleTrace scaling episodes across runs: lag per HPA, replica deficit, time at max replicas, pod failures.',
    variables: [
      datasourceVariable('prometheus', 'Prometheus'), datasourceVariable('tempo', 'Tempo'), datasourceVariable('loki', 'Loki'),
      queryVariable('namespace', 'Namespace', 'anyRunNamespace', true), queryVariable('hpa', 'HPA', 'anyRunHpa', true),
    ],
    panels,
  });
}
