import { parseDuration } from '../duration';
import type { PresetExpansion } from './expansion';
import { parseRatio, type RawSpike } from './preset-schema';
import { StageBuilder, rounderFor } from './stage-builder';

/** The spike test of the seeds' guides: 2 → 15 req/s for 30 s each (baseline → burst → recovery). */
export const SPIKE_DEFAULTS = {
  baseline: 2, peak: 15, baselineDurationMs: 30_000, spikeDurationMs: 30_000, recoveryDurationMs: 30_000,
  rampMs: 0, recoveryTolerance: 0.2, recoveryWindowMs: 5_000,
} as const;

/** baseline → spike → recovery, each a phase of its own (the spike and recovery start with a jump or `ramp`). */
export function expandSpike(raw: RawSpike = {}, unit: 'rate' | 'vus'): PresetExpansion {
  const baseline = raw.baseline ?? SPIKE_DEFAULTS.baseline;
  const peak = raw.peak ?? SPIKE_DEFAULTS.peak;
  const rampMs = ms(raw.ramp, SPIKE_DEFAULTS.rampMs);
  const b = new StageBuilder(rounderFor(unit));
  b.phase('baseline', baseline, [baseline], ms(raw.baselineDuration, SPIKE_DEFAULTS.baselineDurationMs));
  b.phase('spike', peak, [peak], ms(raw.spikeDuration, SPIKE_DEFAULTS.spikeDurationMs), rampMs);
  b.phase('recovery', baseline, [baseline], ms(raw.recoveryDuration, SPIKE_DEFAULTS.recoveryDurationMs), rampMs);
  return {
    start: b.start,
    stages: b.stages,
    plan: {
      name: 'spike', unit, phases: b.phases,
      spike: {
        baseline, peak,
        recoveryTolerance: raw.recoveryTolerance === undefined ? SPIKE_DEFAULTS.recoveryTolerance : (parseRatio(raw.recoveryTolerance) ?? 0),
        recoveryWindowMs: ms(raw.recoveryWindow, SPIKE_DEFAULTS.recoveryWindowMs),
      },
    },
  };
}

export function ms(value: string | number | undefined, fallback: number): number {
  return value === undefined ? fallback : parseDuration(value);
}
