import { loadLabel } from './matrix-csv';
import type { CellResult } from './types';

/** Adding replicas "pays" when it buys this much: more successful req/s, a lower p95, or fewer failures. */
export const PAYS = { rpsGainPct: 10, p95DropPct: 10, failuresDropPts: 1 } as const;

export interface ScalingStep {
  from: number;
  to: number;
  /** Change in successful req/s, % of `from`'s. */
  rpsGainPct: number;
  /** Drop in p95, % of `from`'s (positive = faster). */
  p95DropPct: number;
  /** Drop in failures, percentage points (positive = fewer). */
  failuresDropPts: number;
  pays: boolean;
}

export interface LoadScaling {
  load: string;
  points: Array<{ replicas: number; goodRps: number; goodRpsPerReplica: number; p95Ms: number; failuresPct: number }>;
  steps: ScalingStep[];
  /** Replica count beyond which no step pays; undefined when the last step tested still pays. */
  stopsPayingAt?: number;
}

export interface MatrixFindings {
  measured: number;
  bestThroughput?: CellResult;
  bestLatency?: CellResult;
  byLoad: LoadScaling[];
}

/** Successful requests per second: what the cell really served. */
export function goodRps(r: CellResult): number {
  return r.rps * (1 - r.failuresPct / 100);
}

/** Cells that ran their full duration and sent something (SUCCESS, or FAILED thresholds). */
function measured(results: readonly CellResult[]): CellResult[] {
  return results.filter((r) => (r.status === 'SUCCESS' || r.status === 'FAILED') && r.totalRequests > 0);
}

export function matrixFindings(results: readonly CellResult[]): MatrixFindings {
  const cells = measured(results);
  // Fast failures (503 in 1 ms) must not win "best latency": prefer cells with ≤ 1 % failures.
  const healthy = cells.filter((r) => r.failuresPct <= 1);
  const latencyPool = healthy.length > 0 ? healthy : cells;
  const bestThroughput = maxBy(cells, (r) => goodRps(r), (r) => -r.p95Ms);
  const bestLatency = maxBy(latencyPool, (r) => -r.p95Ms, (r) => goodRps(r));
  const loads = [...new Set(cells.map((r) => loadLabel(r)))];
  const byLoad = loads.map((load) => loadScaling(load, cells.filter((r) => loadLabel(r) === load)));
  return { measured: cells.length, bestThroughput, bestLatency, byLoad };
}

function loadScaling(load: string, cells: CellResult[]): LoadScaling {
  const sorted = [...cells].sort((a, b) => a.replicas - b.replicas);
  const points = sorted.map((r) => ({
    replicas: r.replicas, goodRps: round2(goodRps(r)), goodRpsPerReplica: round2(goodRps(r) / r.replicas), p95Ms: r.p95Ms, failuresPct: r.failuresPct,
  }));
  const steps: ScalingStep[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as CellResult;
    const b = sorted[i] as CellResult;
    const rpsGainPct = pct(goodRps(b) - goodRps(a), goodRps(a));
    const p95DropPct = pct(a.p95Ms - b.p95Ms, a.p95Ms);
    const failuresDropPts = round2(a.failuresPct - b.failuresPct);
    const pays = rpsGainPct >= PAYS.rpsGainPct || p95DropPct >= PAYS.p95DropPct || failuresDropPts >= PAYS.failuresDropPts;
    steps.push({ from: a.replicas, to: b.replicas, rpsGainPct, p95DropPct, failuresDropPts, pays });
  }
  let lastPaying = -1;
  steps.forEach((s, i) => { if (s.pays) lastPaying = i; });
  const stopsPayingAt = steps.length === 0 ? undefined
    : lastPaying === steps.length - 1 ? undefined
      : lastPaying === -1 ? sorted[0]?.replicas : steps[lastPaying]?.to;
  return { load, points, steps, ...(stopsPayingAt !== undefined ? { stopsPayingAt } : {}) };
}

function maxBy<T>(items: readonly T[], key: (t: T) => number, tieBreak: (t: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (best === undefined || key(item) > key(best) || (key(item) === key(best) && tieBreak(item) > tieBreak(best))) best = item;
  }
  return best;
}

function pct(delta: number, base: number): number {
  if (base === 0) return delta === 0 ? 0 : delta > 0 ? 100 : -100;
  return round2((delta / base) * 100);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
