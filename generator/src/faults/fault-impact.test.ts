import type { TimeseriesRow } from '../results';
import type { FaultSpec } from '../scenario';
import { faultImpacts } from './fault-impact';
import type { FaultExecution } from './fault-runner';

const T0 = Date.parse('2026-01-01T00:00:00Z');
/** One row per second: [p95 ms, errors] from second 1 (bucket (0,1 s]) on, 100 req/s. */
const rows = (series: Array<[number, number]>): TimeseriesRow[] => series.map(([p95, errors], i) => ({
  time: new Date(T0 + (i + 1) * 1000).toISOString(), elapsedS: i + 1, stage: 0, target: 100, rps: 100,
  p50: p95 / 2, p95, p99: p95 * 1.2, errors, vus: 0, inFlight: 0, dropped: 0,
}));
const spec = (name: string, atMs: number): FaultSpec => ({ name, atMs, action: { kind: 'deletePods', selector: 'app=web', count: 1, pick: 'random' } });

describe('fault impact', () => {
  // 10 s of normal (p95 20 ms, 1 error/s), the fault at 10 s, 4 bad seconds, then normal again.
  const series: Array<[number, number]> = [
    ...Array.from({ length: 10 }, (): [number, number] => [20, 1]),
    [300, 30], [400, 40], [250, 20], [120, 5],
    ...Array.from({ length: 10 }, (): [number, number] => [21, 1]),
  ];

  it('errors above the baseline until recovery, worst p95/p99 meanwhile, Ready and p95 back', () => {
    const exec: FaultExecution = { spec: spec('kill', 10_000), at: T0 + 10_000, pods: ['web-1'], readyBefore: 3, readyBackAt: T0 + 13_500 };
    const [impact] = faultImpacts([exec], rows(series), { startedAt: T0, endedAt: T0 + 24_000 });
    expect(impact).toMatchObject({
      name: 'kill', action: 'deletePods', target: 'app=web', pods: ['web-1'], readyBefore: 3, elapsedS: 10,
      baseline: { p95Ms: 20, errorsPerS: 1, rps: 100 },
      p95BoundMs: 30, // max(1.5 × 20, 20 + 5)
      readyBackS: 3.5,
      p95BackS: 4, // the first 5 s in a row under 30 ms start at 14 s
      recoveredS: 4,
      latencyDuringRecovery: { p95MaxMs: 400, p99MaxMs: 480 },
    });
    // Seconds (10,11] … (13,14]: 30 + 40 + 20 + 5 errors; 4 s at the 1/s baseline are not the fault's.
    expect(impact?.errorsDuring).toBe(95);
    expect(impact?.errorsCaused).toBe(91);
  });

  it('an SLO sets the bound; the window stops at the next fault; a fault never run reports why', () => {
    const first: FaultExecution = { spec: spec('a', 10_000), at: T0 + 10_000, pods: ['web-1'], readyBefore: 3 };
    const second: FaultExecution = { spec: spec('b', 12_000), at: T0 + 12_000, pods: ['web-2'], readyBefore: 2, readyBackAt: T0 + 15_000 };
    const never: FaultExecution = { spec: spec('c', 30_000), pods: [], error: 'not run: the load ended first' };
    const [a, b, c] = faultImpacts([first, second, never], rows(series), { startedAt: T0, endedAt: T0 + 24_000, sloMs: 200 });
    expect(a?.p95BoundMs).toBe(200);
    expect(a?.readyBackS).toBeNull();
    expect(a?.recoveredS).toBeNull();
    expect(a?.errorsDuring).toBe(70); // only (10,12]: the next fault owns what follows
    expect(b?.p95BackS).toBe(1); // from 13 s every second is under 200 ms
    expect(c).toMatchObject({ at: null, elapsedS: null, error: 'not run: the load ended first', errorsCaused: 0, recoveredS: null });
  });
});
