import { deltaTone, formatDelta } from './compare-format';
import { delta, deltas } from './deltas';
import type { Figures } from './types';

describe('deltas against the baseline', () => {
  it('run − baseline and its % of the baseline; null when either is missing or the baseline is 0', () => {
    expect(delta(110, 100)).toEqual({ abs: 10, pct: 10 });
    expect(delta(47.5, 50)).toEqual({ abs: -2.5, pct: -5 });
    expect(delta(7.551, 37.887)).toEqual({ abs: -30.336, pct: -80.07 });
    expect(delta(0.02, 0)).toEqual({ abs: 0.02, pct: null });
    expect(delta(null, 100)).toEqual({ abs: null, pct: null });
    expect(delta(100, null)).toEqual({ abs: null, pct: null });
  });

  it('every metric of a run', () => {
    const base: Figures = { requests: 10, failed: 0, p50: 10, p95: 20, p99: 40, avg: 12, error_rate: 0, success: 1, rps: 5, lag: null };
    const run: Figures = { requests: 10, failed: 1, p50: 15, p95: 30, p99: 40, avg: 12, error_rate: 0.1, success: 0.9, rps: 4, lag: 30 };
    expect(deltas(run, base)).toEqual({
      p50: { abs: 5, pct: 50 }, p95: { abs: 10, pct: 50 }, p99: { abs: 0, pct: 0 }, avg: { abs: 0, pct: 0 },
      error_rate: { abs: 0.1, pct: null }, success: { abs: -0.1, pct: -10 }, rps: { abs: -1, pct: -20 }, lag: { abs: null, pct: null },
    });
  });

  it('reads as a change with a sign, coloured by whether it is worse', () => {
    expect(formatDelta('p95', { abs: 10, pct: 10 })).toBe('+10%');
    expect(formatDelta('rps', { abs: -2.5, pct: -5 })).toBe('-5%');
    expect(formatDelta('error_rate', { abs: 0.005, pct: null })).toBe('+0.5pp');
    // Rates in points even when the baseline is not 0: 87.91% → 63.73% success is −24.18pp, not "-27.5%".
    expect(formatDelta('success', { abs: -0.2418, pct: -27.5 })).toBe('−24.18pp');
    expect(formatDelta('error_rate', { abs: 0.0123, pct: 100 })).toBe('+1.23pp');
    expect(formatDelta('p95', { abs: 3, pct: null })).toBe('+3ms');
    expect(formatDelta('p99', { abs: 0, pct: 0 })).toBe('±0');
    expect(formatDelta('lag', { abs: null, pct: null })).toBe('');
    expect([deltaTone('p95', { abs: 1, pct: 1 }), deltaTone('rps', { abs: 1, pct: 1 }), deltaTone('success', { abs: -0.1, pct: -10 }), deltaTone('p95', { abs: 0, pct: 0 })])
      .toEqual(['worse', 'better', 'worse', '']);
  });
});
