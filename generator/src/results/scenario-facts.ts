import type { Scenario } from '../scenario';
import type { StageStats } from './types';

/** The stage's target at its end: rate for the open model, VUs for the closed one. */
export function stageTarget(scenario: Scenario, stage: number): number {
  const { load } = scenario;
  if (load.model === 'open') return load.stages[stage]?.rate ?? 0;
  return load.stages[stage]?.vus ?? 0;
}

/** summary.csv's Users_or_Rate: the plan's peak target rate (open) or peak VUs (closed). */
export function usersOrRate(scenario: Scenario): number {
  const { load } = scenario;
  if (load.model === 'open') return Math.max(load.startRate ?? 0, ...load.stages.map((s) => s.rate));
  return Math.max(load.startVus ?? 0, ...load.stages.map((s) => s.vus));
}

/**
 * The peak target the load reached: as usersOrRate, over the stages that started, the last of them
 * up to where its ramp got when the run ended early (a stress run stopped at its breaking point,
 * Ctrl-C, an abort). `stages`: summary.json's, each with the time it actually ran.
 */
export function peakReached(scenario: Scenario, stages: readonly Pick<StageStats, 'index' | 'durationS'>[]): number {
  const { load } = scenario;
  const plan = load.model === 'open'
    ? load.stages.map((s) => ({ durationMs: s.durationMs, to: s.rate }))
    : load.stages.map((s) => ({ durationMs: s.durationMs, to: s.vus }));
  const last = stages[stages.length - 1];
  if (last === undefined) return 0;
  // As the engine's LoadProfile: the first stage ramps from the start value, else holds its own.
  let from = (load.model === 'open' ? load.startRate : load.startVus) ?? plan[0]?.to ?? 0;
  let peak = from;
  for (let i = 0; i <= last.index && i < plan.length; i++) {
    const { durationMs, to } = plan[i] as { durationMs: number; to: number };
    const f = i < last.index || durationMs <= 0 ? 1 : Math.min(1, (last.durationS * 1000) / durationMs);
    peak = Math.max(peak, from + (to - from) * f);
    from = to;
  }
  // VUs are whole (the engine rounds the ramp); a rate keeps two decimals.
  return load.model === 'open' ? Math.round(peak * 100) / 100 : Math.round(peak);
}

/** The scenario's target, else the first request's (per-request targets are in requests[].target). */
export function runTarget(scenario: Scenario): string {
  return scenario.target ?? scenario.requests[0]?.target ?? '';
}

/** Durations in seconds to the millisecond. */
export function roundS(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
