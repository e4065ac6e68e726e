import { parseThreshold } from './thresholds';

const parts = (expr: string) => {
  const t = parseThreshold(expr);
  return [t.request, t.metric, t.op, t.value];
};

describe('parseThreshold', () => {
  it('reads the contract examples', () => {
    expect(parts('p95 < 500ms')).toEqual([undefined, 'p95', '<', 500]);
    expect(parts('error_rate < 1%')).toEqual([undefined, 'error_rate', '<', 0.01]);
    expect(parts('predict: p99 < 1s')).toEqual(['predict', 'p99', '<', 1000]);
    expect(parts('rps > 100')).toEqual([undefined, 'rps', '>', 100]);
    expect(parts('avg<=200')).toEqual([undefined, 'avg', '<=', 200]);
  });

  it('fills every field of the spec', () => {
    expect(parseThreshold(' p99 < 2s ', { abortOnFail: true, delayAbortEvalMs: 5000 })).toEqual({
      expr: 'p99 < 2s', request: undefined, metric: 'p99', op: '<', value: 2000, abortOnFail: true, delayAbortEvalMs: 5000,
    });
    expect(parseThreshold('max < 1s')).toMatchObject({ abortOnFail: false, delayAbortEvalMs: 0 });
  });

  it.each([
    ['p50 < 1m', 'p50', 60_000], ['p90 <= 1.5s', 'p90', 1500], ['p(95) < 250', 'p95', 250], ['p(99.9) < 3s', 'p999', 3000],
    ['median < 20ms', 'med', 20], ['med < 20', 'med', 20], ['min >= 0', 'min', 0], ['P95 < 500 ms', 'p95', 500],
    ['success_rate >= 0.99', 'success_rate', 0.99], ['error_rate < 0.5 %', 'error_rate', 0.005],
    ['requests >= 1000', 'requests', 1000], ['failed == 0', 'failed', 0], ['rps != 0', 'rps', 0],
  ])('%j', (expr, metric, value) => {
    expect(parseThreshold(expr)).toMatchObject({ metric, value });
  });

  it('accepts request names with dots and dashes', () => {
    expect(parseThreshold('api.v2-get: p95 < 1s').request).toBe('api.v2-get');
  });

  it.each([
    ['p42 < 1s', /unknown metric "p42"/],
    ['p95 < fast', /is not a latency/],
    ['error_rate < 150%', /a rate is a percentage/],
    ['error_rate < 2', /a rate is a percentage/],
    ['rps > many', /is not a number/],
    ['p95 500ms', /cannot read threshold/],
    ['p95 =< 1s', /cannot read threshold|is not a latency/],
  ])('rejects %j', (expr, message) => {
    expect(() => parseThreshold(expr)).toThrow(message);
  });
});
