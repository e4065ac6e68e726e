import type { Scenario } from '../scenario';

/** The stage's target at its end: rate for the open model, VUs for the closed one. */
export function stageTarget(scenario: Scenario, stage: number): number {
  const { load } = scenario;
  if (load.model === 'open') return load.stages[stage]?.rate ?? 0;
  return load.stages[stage]?.vus ?? 0;
}

/** summary.csv's Users_or_Rate: the peak target rate (open) or peak VUs (closed). */
export function usersOrRate(scenario: Scenario): number {
  const { load } = scenario;
  if (load.model === 'open') return Math.max(load.startRate ?? 0, ...load.stages.map((s) => s.rate));
  return Math.max(load.startVus ?? 0, ...load.stages.map((s) => s.vus));
}

/** The scenario's target, else the first request's (per-request targets are in requests[].target). */
export function runTarget(scenario: Scenario): string {
  return scenario.target ?? scenario.requests[0]?.target ?? '';
}

/** Durations in seconds to the millisecond. */
export function roundS(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
