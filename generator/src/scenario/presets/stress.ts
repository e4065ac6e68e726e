import type { FailAt, PresetExpansion } from './expansion';
import { parseFraction, type RawStress } from './preset-schema';
import { ms } from './spike';
import { StageBuilder, rounderFor } from './stage-builder';

/** The seeds' stress test: 1, 4, 7 … ≤ 30 req/s, 60 s a step; broken below 95 % success or above 10 s average. */
export const STRESS_DEFAULTS = {
  start: 1, step: 3, max: 30, stepDurationMs: 60_000, rampMs: 0,
  successBelow: 0.95, avgAboveMs: 10_000, stopAtBreak: true,
} as const;

/** Stepped load start, start+step, … ≤ max: one phase per step, evaluated on its own. */
export function expandStress(raw: RawStress = {}, unit: 'rate' | 'vus', fail: FailAt): PresetExpansion {
  const start = raw.start ?? STRESS_DEFAULTS.start;
  const step = raw.step ?? STRESS_DEFAULTS.step;
  const max = raw.max ?? STRESS_DEFAULTS.max;
  if (max < start) fail(['max'], `is below start (${start})`);
  const count = Math.floor((max - start) / step + 1e-9) + 1;
  // Each step keeps a latency histogram (~100 kB) for the run.
  if (count > 200) fail(['step'], `makes ${count} steps from ${start} to ${max}; use a larger step (at most 200 steps)`);
  const stepMs = ms(raw.stepDuration, STRESS_DEFAULTS.stepDurationMs);
  if (stepMs <= 0) fail(['stepDuration'], 'must be > 0');
  const rampMs = ms(raw.ramp, STRESS_DEFAULTS.rampMs);
  const round = rounderFor(unit);
  const b = new StageBuilder(round);
  for (let i = 0; i < count; i++) {
    const value = round(start + i * step);
    b.phase(`step ${i + 1}`, value, [value], stepMs, rampMs);
  }
  const w = raw.breakWhen ?? {};
  const avgAboveMs = w.avgAbove !== undefined ? ms(w.avgAbove, 0) : w.p95Above !== undefined ? undefined : STRESS_DEFAULTS.avgAboveMs;
  return {
    start: b.start,
    stages: b.stages,
    plan: {
      name: 'stress', unit, phases: b.phases,
      stress: {
        breakWhen: {
          successBelow: w.successBelow === undefined ? STRESS_DEFAULTS.successBelow : (parseFraction(w.successBelow) ?? 0),
          ...(avgAboveMs === undefined ? {} : { avgAboveMs }),
          ...(w.p95Above === undefined ? {} : { p95AboveMs: ms(w.p95Above, 0) }),
        },
        stopAtBreak: raw.stopAtBreak ?? STRESS_DEFAULTS.stopAtBreak,
      },
    },
  };
}
