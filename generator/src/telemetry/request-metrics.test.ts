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

  it('streamed answers add loadtest.request.time_per_output_token; a JSON answer does not', async () => {
    const m = new RequestMetrics('run-1', resourceFromAttributes({}), 0);
    const at = 1_000_000;
    m.record({ ...record({ at, latencyMs: 3000 }), tokens: 100, firstChunk: at + 600, streamed: false });
    const names = (await m.collect()).resourceMetrics.scopeMetrics[0]?.metrics.map((d) => d.descriptor.name);
    expect(names).not.toContain('loadtest.request.time_per_output_token');
    // 11 tokens: 10 after the first, over 200 ms and 400 ms → 20 ms and 40 ms per token.
    m.record({ ...record({ at, latencyMs: 300 }), tokens: 11, firstChunk: at + 100, streamed: true });
    m.record({ ...record({ at, latencyMs: 500 }), tokens: 11, firstChunk: at + 100, streamed: true });
    const metrics = (await m.collect()).resourceMetrics.scopeMetrics[0]?.metrics ?? [];
    const tpot = metrics.find((d) => d.descriptor.name === 'loadtest.request.time_per_output_token') as HistogramMetricData;
    expect(tpot.descriptor.unit).toBe('s');
    expect(tpot.dataPoints[0]?.value).toMatchObject({ count: 2, min: 0.02, max: 0.04 });
    expect(tpot.dataPoints[0]?.value.sum).toBeCloseTo(0.06, 9);
  });
});

describe('RequestMetrics: tags', () => {
  it('a request\'s tags are attributes of its series; the same tags in another object share the series', async () => {
    const m = new RequestMetrics('run-1', resourceFromAttributes({}), 0);
    const at = 1_000_000;
    const search = { team: 'search', env: 'staging' };
    m.record({ ...record({ at, latencyMs: 100 }), tags: search });
    m.record({ ...record({ at, latencyMs: 200 }), tags: search });
    m.record({ ...record({ at, latencyMs: 300 }), tags: { env: 'staging', team: 'search' } });
    m.record({ ...record({ at, latencyMs: 400 }), tags: { team: 'ads' } });
    m.record(record({ at, latencyMs: 500 }));
    const metrics = (await m.collect()).resourceMetrics.scopeMetrics[0]?.metrics ?? [];
    const duration = metrics.find((d) => d.descriptor.name === 'http.client.request.duration') as HistogramMetricData;
    const points = duration.dataPoints.map((p) => ({ tags: Object.fromEntries(Object.entries(p.attributes).filter(([k]) => k.startsWith('loadtest.tag.'))), count: p.value.count }));
    expect(points).toEqual([
      { tags: { 'loadtest.tag.env': 'staging', 'loadtest.tag.team': 'search' }, count: 3 },
      { tags: { 'loadtest.tag.team': 'ads' }, count: 1 },
      { tags: {}, count: 1 },
    ]);
    expect(duration.dataPoints[0]?.attributes).toMatchObject({ 'loadtest.request.name': 'predict', 'loadtest.run.id': 'run-1' });
  });
});

describe('RequestMetrics: series', () => {
  it('interleaved statuses, errors, methods and servers of one request name each count in their own series', async () => {
    const m = new RequestMetrics('run-1', resourceFromAttributes({}), 0);
    const at = 1_000_000;
    const ok = record({ at, latencyMs: 10 });
    const variants = [
      ok, record({ at, latencyMs: 20, errorType: '500' }), { ...ok, status: 404, errorType: '404' }, { ...ok, method: 'POST' },
      { ...ok, serverAddress: '10.0.0.2' }, { ...ok, status: 0, errorType: 'timeout' }, { ...ok, status: 201 }, record({ at, latencyMs: 30, name: 'other' }),
    ];
    // Each variant after every other one, so a series chosen for the previous record is tested against each change.
    for (let round = 0; round < 3; round++) for (const r of variants) { m.record(r); m.record(ok); }
    const metrics = (await m.collect()).resourceMetrics.scopeMetrics[0]?.metrics ?? [];
    const duration = metrics.find((d) => d.descriptor.name === 'http.client.request.duration') as HistogramMetricData;
    const counts = duration.dataPoints.map((p) => [p.attributes['loadtest.request.name'], p.attributes['http.request.method'],
      p.attributes['http.response.status_code'], p.attributes['error.type'], p.attributes['server.address'], p.value.count]);
    expect(counts).toEqual([
      ['predict', 'GET', 200, undefined, '127.0.0.1', 3 * 9],
      ['predict', 'GET', 500, '500', '127.0.0.1', 3],
      ['predict', 'GET', 404, '404', '127.0.0.1', 3],
      ['predict', 'POST', 200, undefined, '127.0.0.1', 3],
      ['predict', 'GET', 200, undefined, '10.0.0.2', 3],
      ['predict', 'GET', undefined, 'timeout', '127.0.0.1', 3],
      ['predict', 'GET', 201, undefined, '127.0.0.1', 3],
      ['other', 'GET', 200, undefined, '127.0.0.1', 3],
    ]);
  });
});
