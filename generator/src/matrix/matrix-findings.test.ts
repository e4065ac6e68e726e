import { matrixFindings } from './matrix-findings';
import type { CellResult } from './types';

const cell = (replicas: number, level: number, rps: number, p95Ms: number, failuresPct = 0, status: CellResult['status'] = 'SUCCESS'): CellResult => ({
  replicas, level, rps, medianMs: p95Ms / 2, p95Ms, p99Ms: p95Ms * 1.5, failuresPct, totalRequests: Math.round(rps * 60), durationS: 60, timestamp: '2026-01-01T00:00:00Z', status,
});

describe('matrix findings', () => {
  it('best throughput counts successful req/s; best latency ignores cells that fail fast', () => {
    const f = matrixFindings([
      cell(1, 100, 100, 40, 30), // 70 good req/s, fast 503s
      cell(2, 100, 100, 80, 0.5),
      cell(4, 100, 100, 60),
      cell(1, 200, 200, 5, 60), // fastest p95, but 60 % failures
    ]);
    expect(f.bestThroughput).toMatchObject({ replicas: 4, level: 100 }); // 100 good, lower p95 than 2 replicas
    expect(f.bestLatency).toMatchObject({ replicas: 4, level: 100, p95Ms: 60 });
    expect(f.measured).toBe(4);
  });

  it('throughput per replica, and scaling stops paying at the last replica count a step still paid for', () => {
    const f = matrixFindings([
      cell(1, 300, 100, 900, 50), cell(2, 300, 200, 500, 20), cell(4, 300, 290, 120), cell(8, 300, 295, 115),
    ]);
    const l = f.byLoad[0];
    expect(l?.points.map((p) => p.goodRpsPerReplica)).toEqual([50, 80, 72.5, 36.88]);
    expect(l?.steps.map((s) => s.pays)).toEqual([true, true, false]);
    expect(l?.steps[2]).toMatchObject({ from: 4, to: 8, rpsGainPct: 1.72, p95DropPct: 4.17, failuresDropPts: 0 });
    expect(l?.stopsPayingAt).toBe(4);
  });

  it('still paying at the largest count: no stop; never paying: stops at the smallest; unmeasured cells are left out', () => {
    const paying = matrixFindings([cell(1, 50, 50, 200), cell(2, 50, 50, 100)]);
    expect(paying.byLoad[0]?.stopsPayingAt).toBeUndefined();
    const never = matrixFindings([cell(1, 50, 50, 100), cell(2, 50, 50, 99), cell(3, 50, 50, 0, 0, 'NOT_READY'), cell(4, 50, 50, 100, 0, 'INTERRUPTED')]);
    expect(never.byLoad[0]?.stopsPayingAt).toBe(1);
    expect(never.byLoad[0]?.points.map((p) => p.replicas)).toEqual([1, 2]);
    expect(matrixFindings([]).bestThroughput).toBeUndefined();
  });
});
