import { leadingMetric, metricSample } from './hpa-metrics';

describe('HPA metrics (autoscaling/v2 spec.metrics against status.currentMetrics)', () => {
  const statuses = [
    { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 120, averageValue: '120m' } } },
    { type: 'Pods', pods: { metric: { name: 'requests_per_second' }, current: { averageValue: '1500m' } } },
    { type: 'External', external: { metric: { name: 'queue_depth' }, current: { value: '2k' } } },
  ];

  it('reads each source type in its target\'s unit', () => {
    expect(metricSample({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }, statuses))
      .toEqual({ name: 'cpu', kind: 'Resource', type: 'Utilization', current: 120, target: 60 });
    expect(metricSample({ type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '2' } } }, statuses))
      .toEqual({ name: 'requests_per_second', kind: 'Pods', type: 'AverageValue', current: 1.5, target: 2 });
    expect(metricSample({ type: 'External', external: { metric: { name: 'queue_depth' }, target: { type: 'Value', value: '500' } } }, statuses))
      .toEqual({ name: 'queue_depth', kind: 'External', type: 'Value', current: 2000, target: 500 });
    // No status yet (the HPA has not computed it): current unknown, not 0.
    expect(metricSample({ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } } }, statuses))
      .toEqual({ name: 'memory', kind: 'Resource', type: 'AverageValue', current: undefined, target: 1024 ** 3 });
  });

  it('the leading metric is the one furthest above (or least below) its target, as the HPA\'s max-of-proposals', () => {
    const cpu = { name: 'cpu', kind: 'Resource', type: 'Utilization', current: 120, target: 60 };
    const queue = { name: 'queue_depth', kind: 'External', type: 'Value', current: 2000, target: 500 };
    expect(leadingMetric([cpu, queue])).toBe(queue);
    expect(leadingMetric([{ ...cpu, current: undefined }, { ...queue, target: 0 }])).toBeUndefined();
  });
});
