import { resourceFromAttributes } from '@opentelemetry/resources';
import type { HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { record } from '../results/test-fixtures';
import { RequestMetrics } from './request-metrics';

describe('RequestMetrics: tokens and time to first chunk', () => {
  it('only requests with extract add loadtest.tokens and loadtest.request.time_to_first_chunk', async () => {
    const m = new RequestMetrics('run-1', resourceFromAttributes({}), 0);
    const at = 1_000_000;
    m.record(record({ at, latencyMs: 100 }));
    let names = (await m.collect()).resourceMetrics.scopeMetrics[0]?.metrics.map((d) => d.descriptor.name);
    expect(names).toEqual(['http.client.request.duration', 'loadtest.request.schedule_lag', 'loadtest.request.time_to_first_byte']);
    m.record({ ...record({ at, latencyMs: 3000 }), tokens: 28, firstChunk: at + 400 });
    m.record({ ...record({ at, latencyMs: 3000 }), tokens: 100, firstChunk: at + 600 });
    const metrics = (await m.collect()).resourceMetrics.scopeMetrics[0]?.metrics ?? [];
    names = metrics.map((d) => d.descriptor.name);
    expect(names).toContain('loadtest.tokens');
    const tokens = metrics.find((d) => d.descriptor.name === 'loadtest.tokens') as HistogramMetricData;
    expect(tokens.descriptor.unit).toBe('{token}');
    expect(tokens.dataPoints[0]?.attributes).toMatchObject({ 'loadtest.request.name': 'predict', 'loadtest.run.id': 'run-1' });
    expect(tokens.dataPoints[0]?.value).toMatchObject({ count: 2, sum: 128, min: 28, max: 100 });
    // 28 → (16, 32], 100 → (64, 128]
    const counts = tokens.dataPoints[0]?.value.buckets.counts ?? [];
    expect(counts[5]).toBe(1);
    expect(counts[7]).toBe(1);
    const first = metrics.find((d) => d.descriptor.name === 'loadtest.request.time_to_first_chunk') as HistogramMetricData;
    expect(first.descriptor.unit).toBe('s');
    expect(first.dataPoints[0]?.value).toMatchObject({ count: 2, min: 0.4, max: 0.6 });
  });
});
