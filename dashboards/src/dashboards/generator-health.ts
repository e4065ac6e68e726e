import { dashboard, Grid, stat, target, timeseries, type Json } from './panels';
import { datasourceVariable, queryVariable } from './variables';

/** "Generator health": is the generator itself keeping up (spans, schedule lag, CPU, drops)? */
export function generatorHealthDashboard(): Json {
  const g = new Grid();
  const panels = [
    stat(g, { title: 'Request spans by outcome', unit: 'none', description: 'created = exported + spilled + dropped; spilled spans can be sent later with scaletrace replay.', targets: [
      target('generator.spanOutcomeTotal', 'A', { instant: true, legend: '{{loadtest_telemetry_outcome}}' }),
    ] }, { w: 24, h: 4 }),
    timeseries(g, { title: 'Span outcomes', unit: 'short', targets: [target('generator.spanOutcomeRate', 'A', { legend: '{{loadtest_telemetry_outcome}}/s' })] }),
    timeseries(g, { title: 'Schedule lag p50 / p99', unit: 's', description: 'Actual − intended send time: the generator\'s own delay.', targets: [
      target('generator.scheduleLagP50', 'A', { legend: 'p50' }), target('generator.scheduleLagP99', 'B', { legend: 'p99' }),
    ] }),
    timeseries(g, { title: 'Generator CPU per worker', unit: 'none', description: 'Cores used by each worker process (1 = one core saturated).', targets: [target('generator.cpu', 'A', { legend: 'worker {{loadtest_worker_index}}' })] }),
    timeseries(g, { title: 'Target vs achieved RPS', unit: 'reqps', targets: [
      target('generator.targetRps', 'A', { legend: 'target' }), target('generator.achievedRps', 'B', { legend: 'achieved' }),
    ] }),
    timeseries(g, { title: 'Dropped arrivals', unit: 'short', targets: [target('generator.dropped', 'A', { legend: 'stage {{loadtest_stage}}' })] }),
  ];
  return dashboard({
    title: 'Generator health',
    description: 'Is ScaleTrace itself keeping up: span accounting, schedule lag, CPU and dropped arrivals.',
    variables: [datasourceVariable('prometheus', 'Prometheus'), queryVariable('run_id', 'Run', 'runId', false)],
    panels,
  });
}
