import { recoveryLagS, type FaultImpact, type TimeseriesRow } from '../results';
import type { FaultExecution } from './fault-runner';

/** Seconds before a fault that define "normal". */
export const BASELINE_S = 10;
/** p95 must stay back under its bound this long to count as recovered. */
export const P95_BACK_WINDOW_S = 5;

/**
 * Each fault's cost to the users, from the run's per-second rows (timeseries.csv): errors from the
 * fault until recovery (and those above the baseline rate), the worst p95/p99 meanwhile, and how
 * long until Ready pods and p95 were back. The window ends at recovery, the next fault or the end.
 */
export function faultImpacts(executions: readonly FaultExecution[], rows: readonly TimeseriesRow[], run: { startedAt: number; endedAt: number; sloMs?: number }): FaultImpact[] {
  const ran = executions.filter((e) => e.at !== undefined).map((e) => e.at as number).sort((a, b) => a - b);
  return executions.map((e) => impactOf(e, rows, run, ran));
}

function impactOf(e: FaultExecution, rows: readonly TimeseriesRow[], run: { startedAt: number; endedAt: number; sloMs?: number }, ranAt: number[]): FaultImpact {
  const { action } = e.spec;
  const target = action.kind === 'deletePods' ? action.selector : `deployment/${action.deployment} → ${action.replicas}`;
  const base = {
    name: e.spec.name, action: action.kind, target, pods: [...e.pods], readyBefore: e.readyBefore ?? null,
    ...(e.error !== undefined ? { error: e.error } : {}),
  };
  if (e.at === undefined) {
    return { ...base, at: null, elapsedS: null, baseline: { p95Ms: 0, errorsPerS: 0, rps: 0 }, errorsDuring: 0, errorsCaused: 0, latencyDuringRecovery: { p95MaxMs: 0, p99MaxMs: 0 }, readyBackS: null, p95BackS: null, p95BoundMs: 0, recoveredS: null };
  }
  const at = e.at;
  const endOf = (r: TimeseriesRow): number => Date.parse(r.time);
  const before = rows.filter((r) => endOf(r) <= at && endOf(r) > at - BASELINE_S * 1000);
  const baseline = {
    p95Ms: median(before.filter((r) => r.rps > 0).map((r) => r.p95)),
    errorsPerS: round2(sum(before.map((r) => r.errors)) / Math.max(1, before.length)),
    rps: round2(sum(before.map((r) => r.rps)) / Math.max(1, before.length)),
  };
  const p95BoundMs = round2(run.sloMs ?? Math.max(baseline.p95Ms * 1.5, baseline.p95Ms + 5));
  const readyBackS = e.readyBackAt === undefined ? null : seconds(e.readyBackAt - at);
  const p95BackS = recoveryLagS(rows, at, p95BoundMs, P95_BACK_WINDOW_S);
  const recoveredS = readyBackS === null || p95BackS === null ? null : Math.max(readyBackS, p95BackS);
  const nextFault = ranAt.find((t) => t > at) ?? Infinity;
  const windowEnd = Math.min(recoveredS === null ? Infinity : at + recoveredS * 1000, nextFault, run.endedAt);
  // Rows are 1-s buckets ending at `time`: every bucket overlapping (at, windowEnd].
  const during = rows.filter((r) => endOf(r) > at && endOf(r) - 1000 < windowEnd);
  const errorsDuring = sum(during.map((r) => r.errors));
  const windowS = Math.max(0, (windowEnd - at) / 1000);
  return {
    ...base, at: new Date(at).toISOString(), elapsedS: seconds(at - run.startedAt), baseline,
    errorsDuring, errorsCaused: Math.max(0, Math.round(errorsDuring - baseline.errorsPerS * windowS)),
    latencyDuringRecovery: { p95MaxMs: Math.max(0, ...during.map((r) => r.p95)), p99MaxMs: Math.max(0, ...during.map((r) => r.p99)) },
    readyBackS, p95BackS, p95BoundMs, recoveredS,
  };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return round2(s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2);
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const round2 = (n: number): number => Math.round(n * 100) / 100;
const seconds = (ms: number): number => Math.round(ms) / 1000;
