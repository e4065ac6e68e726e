import type { FailAt, PresetExpansion } from './expansion';
import type { RawProgressive } from './preset-schema';
import { ms } from './spike';
import { StageBuilder, rounderFor } from './stage-builder';
import { TRAINING_PROFILE, type ProfilePhase } from './training-profile';

/** Named phases in order, each from its `from` (a jump) or the previous end to its target(s). */
export function expandProgressive(raw: RawProgressive = {}, unit: 'rate' | 'vus', fail: FailAt): PresetExpansion {
  if (raw.phases !== undefined && raw.profile !== undefined) fail(['phases'], 'use either profile (built-in) or phases, not both');
  const phases: ProfilePhase[] = raw.phases === undefined ? [...TRAINING_PROFILE] : raw.phases.map((p, i) => {
    if ((p.target === undefined) === (p.targets === undefined)) fail(['phases', i], 'needs exactly one of target or targets');
    const durationMs = ms(p.duration, 0);
    if (durationMs <= 0) fail(['phases', i, 'duration'], 'must be > 0');
    const targets = p.targets ?? [p.target as number];
    return { name: p.name, durationMs, from: p.from ?? Number.NaN, targets };
  });
  const scale = raw.scale ?? 1;
  const timeScale = raw.timeScale ?? 1;
  const b = new StageBuilder(rounderFor(unit));
  let modelAt = 0;
  let previousEnd: number | undefined;
  for (const p of phases) {
    const from = Number.isNaN(p.from) ? (previousEnd ?? (p.targets[0] as number)) : p.from;
    const phase = b.phase(p.name, from * scale, p.targets.map((t) => t * scale), p.durationMs / timeScale, 0, modelAt);
    modelAt += p.durationMs;
    previousEnd = phase.to / scale;
  }
  return { start: b.start, stages: b.stages, plan: { name: 'progressive', unit, phases: b.phases, timeScale } };
}
