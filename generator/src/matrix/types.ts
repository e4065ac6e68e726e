import type { Scenario } from '../scenario';

/** The `kubernetes:` section of a matrix file: the Deployment whose replicas are pinned (and its HPA). */
export interface MatrixTarget {
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  deployment: string;
  /** Pinned to min = max = the cell's replicas during each cell, restored afterwards. */
  hpa?: string;
}

export interface RequestMix { name: string; weights: Record<string, number> }

/** A validated matrix file (docs/matrix.md). Durations are milliseconds. */
export interface MatrixPlan {
  name: string;
  file: string;
  /** The scenario the cells are made from (its load is replaced by each cell's). */
  base: Scenario;
  kubernetes: MatrixTarget;
  replicas: number[];
  model: 'open' | 'closed';
  /** Rates (req/s) for the open model, VUs for the closed one. */
  levels: number[];
  mixes: RequestMix[];
  /** Open model: the cells' maxInFlight (default: the scenario's). */
  maxInFlight?: number;
  /** Closed model: the cells' think time (default: the scenario's). */
  thinkTime?: { minMs: number; maxMs: number };
  durationMs: number;
  cooldownMs: number;
  readyTimeoutMs: number;
  /** Wait after the replicas are Ready before the load starts (caches, JIT, connection pools). */
  settleMs: number;
}

/** One cell of the Cartesian product, in run order (replicas outermost: fewest re-pins). */
export interface MatrixCell {
  index: number;
  replicas: number;
  level: number;
  mix?: string;
  scenario: Scenario;
}

export type CellStatus = 'SUCCESS' | 'FAILED' | 'ABORTED' | 'INTERRUPTED' | 'NOT_READY' | 'ERROR';

/** One matrix.csv row (and a bit more for matrix.json and the findings). */
export interface CellResult {
  replicas: number;
  level: number;
  mix?: string;
  rps: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  failuresPct: number;
  totalRequests: number;
  durationS: number;
  /** ISO 8601 UTC, seconds. */
  timestamp: string;
  status: CellStatus;
  /** Why a cell did not run or failed (NOT_READY, ERROR). */
  detail?: string;
  /** The cell's own results directory (summary.json, timeseries.csv, …). */
  resultsDir?: string;
}
