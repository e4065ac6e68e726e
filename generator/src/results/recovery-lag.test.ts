import { recoveryLagS } from './recovery-lag';
import type { TimeseriesRow } from './types';

const T0 = Date.parse('2026-01-01T00:00:00Z');
/** One row per second from T0: p95 values in ms. */
function rows(p95s: number[]): TimeseriesRow[] {
  return p95s.map((p95, i) => ({
    time: new Date(T0 + (i + 1) * 1000).toISOString(), elapsedS: i + 1, stage: 0, target: 0, rps: 10,
    p50: p95 / 2, p95, p99: p95, errors: 0, errorsByType: {}, vus: 0, inFlight: 0, dropped: 0,
  }));
}

describe('recoveryLagS', () => {
  it('is the start of the first 30 s window with every second within the SLO', () => {
    const slow = Array(12).fill(900) as number[];
    const fast = Array(40).fill(100) as number[];
    expect(recoveryLagS(rows([...slow, ...fast]), T0, 500)).toBe(12);
  });

  it('restarts the window when latency goes over the SLO again inside it', () => {
    const series = [...Array(5).fill(900), ...Array(10).fill(100), 800, ...Array(31).fill(100)] as number[];
    expect(recoveryLagS(rows(series), T0, 500)).toBe(16);
  });

  it('is null when the run ends before a full window', () => {
    expect(recoveryLagS(rows([...Array(5).fill(900), ...Array(20).fill(100)] as number[]), T0, 500)).toBeNull();
  });

  it('counts from t0, ignoring seconds before it', () => {
    const series = [...Array(10).fill(100), ...Array(4).fill(900), ...Array(30).fill(100)] as number[];
    expect(recoveryLagS(rows(series), T0 + 10_000, 500)).toBe(4);
    // Good seconds before t0 do not count toward the window.
    expect(recoveryLagS(rows(Array(35).fill(100) as number[]), T0 + 3_000, 500)).toBe(0);
  });
});
