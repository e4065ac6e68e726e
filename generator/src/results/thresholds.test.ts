import { parseThreshold } from '../scenario';
import { EMPTY_LATENCY } from './latency-recorder';
import { evaluateThresholds, type ThresholdInput } from './thresholds';
import type { BreakdownStats } from './types';

function breakdown(over: Partial<BreakdownStats> = {}): BreakdownStats {
  return {
    requests: 200, failed: 3, errorRate: 0.015, rps: 40,
    latency: { min: 1, avg: 20, p50: 15, p90: 80, p95: 120, p99: 450, p999: 900, max: 1200 },
    ttfb: { ...EMPTY_LATENCY }, scheduleLag: { ...EMPTY_LATENCY }, errors: { timeout: 3 }, ...over,
  };
}

const input: ThresholdInput = {
  totals: breakdown(),
  requests: {
    predict: breakdown({ requests: 100, failed: 0, errorRate: 0, rps: 20, latency: { ...breakdown().latency, p99: 1500 } }),
    idle: breakdown({ requests: 0, failed: 0, errorRate: 0, rps: 0, latency: { ...EMPTY_LATENCY } }),
  },
  durationS: 5,
};

const check = (expr: string) => evaluateThresholds([parseThreshold(expr)], input)[0];

describe('evaluateThresholds', () => {
  it.each([
    ['min < 2ms', true, 1, 'ms'], ['min > 1', false, 1, 'ms'],
    ['avg <= 20ms', true, 20, 'ms'], ['avg < 20ms', false, 20, 'ms'],
    ['max < 1s', false, 1200, 'ms'], ['max < 1.5s', true, 1200, 'ms'],
    ['p50 < 20ms', true, 15, 'ms'], ['med < 10ms', false, 15, 'ms'], ['median == 15', true, 15, 'ms'],
    ['p90 < 100ms', true, 80, 'ms'], ['p(90) > 100ms', false, 80, 'ms'],
    ['p95 < 100ms', false, 120, 'ms'], ['p95 < 500ms', true, 120, 'ms'],
    ['p99 < 500ms', true, 450, 'ms'], ['p(99) >= 500ms', false, 450, 'ms'],
    ['p999 < 1s', true, 900, 'ms'], ['p(99.9) < 800ms', false, 900, 'ms'],
    ['error_rate < 1%', false, 0.015, 'fraction'], ['error_rate < 2%', true, 0.015, 'fraction'], ['error_rate <= 0.015', true, 0.015, 'fraction'],
    ['success_rate > 99%', false, 0.985, 'fraction'], ['success_rate >= 98.5%', true, 0.985, 'fraction'],
    ['rps > 100', false, 40, 'per_s'], ['rps >= 40', true, 40, 'per_s'],
    ['requests >= 200', true, 200, 'count'], ['requests > 200', false, 200, 'count'],
    ['failed == 0', false, 3, 'count'], ['failed != 0', true, 3, 'count'],
  ] as const)('%s → ok=%s value=%s %s', (expr, ok, value, unit) => {
    expect(check(expr)).toEqual({ expr, ok, value, unit });
  });

  it('scopes a threshold to its request name', () => {
    expect(check('predict: p99 < 1s')).toEqual({ expr: 'predict: p99 < 1s', ok: false, value: 1500, unit: 'ms' });
    expect(check('predict: error_rate == 0')).toMatchObject({ ok: true, value: 0 });
    expect(check('predict: rps > 30')).toMatchObject({ ok: false, value: 20 });
  });

  it('a request name with no data passes for every metric (k6 behaviour): noData, value NaN', () => {
    expect(check('idle: p95 < 1ms')).toEqual({ expr: 'idle: p95 < 1ms', ok: true, value: Number.NaN, unit: 'ms', noData: true });
    expect(check('idle: error_rate > 50%')).toMatchObject({ ok: true, noData: true, unit: 'fraction' });
    expect(check('missing: success_rate > 99%')).toMatchObject({ ok: true, noData: true });
    expect(check('idle: requests > 0')).toMatchObject({ ok: true, noData: true, unit: 'count' });
    expect(check('missing: rps > 1')).toMatchObject({ ok: true, noData: true, unit: 'per_s' });
    // summary.json stays valid JSON: NaN is written as null.
    expect(JSON.parse(JSON.stringify(check('idle: p95 < 1ms')))).toMatchObject({ value: null, noData: true });
  });

  it('a run with no request at all: latency and rates pass with no data, counts and rps are a real 0', () => {
    const empty: ThresholdInput = { totals: breakdown({ requests: 0, failed: 0, errorRate: 0, rps: 0 }), requests: {}, durationS: 5 };
    const run = (expr: string) => evaluateThresholds([parseThreshold(expr)], empty)[0];
    expect(run('p95 < 1ms')).toMatchObject({ ok: true, noData: true });
    expect(run('error_rate < 1%')).toMatchObject({ ok: true, noData: true });
    expect(run('requests > 0')).toEqual({ expr: 'requests > 0', ok: false, value: 0, unit: 'count' });
    expect(run('rps > 100')).toEqual({ expr: 'rps > 100', ok: false, value: 0, unit: 'per_s' });
    expect(run('failed == 0')).toMatchObject({ ok: true, value: 0 });
  });

  it('rps is requests / durationS, unrounded', () => {
    const odd: ThresholdInput = { ...input, totals: breakdown({ requests: 100, rps: 33.33 }), durationS: 3 };
    expect(evaluateThresholds([parseThreshold('rps > 33.333')], odd)[0]).toMatchObject({ ok: true, value: 100 / 3 });
  });
});
