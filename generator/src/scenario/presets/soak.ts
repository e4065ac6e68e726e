import type { FailAt, PresetExpansion } from './expansion';
import { parseFraction, parseRatio, type RawSoak } from './preset-schema';
import { ms } from './spike';
import { StageBuilder, rounderFor } from './stage-builder';

/** The seeds' soak test: 5 req/s for 10 minutes, latency within ±10 %. */
export const SOAK_DEFAULTS = {
  target: 5, durationMs: 600_000, intervalMs: 60_000, warmupMs: 0, maxLatencyDrift: 0.1, maxErrorDrift: 0.01, maxMemoryDrift: 0.2,
} as const;

/** One constant phase; the analysis (per-minute table, drift) is in the settings. */
export function expandSoak(raw: RawSoak = {}, unit: 'rate' | 'vus', fail: FailAt): PresetExpansion {
  const target = raw.target ?? SOAK_DEFAULTS.target;
  const durationMs = ms(raw.duration, SOAK_DEFAULTS.durationMs);
  if (durationMs <= 0) fail(['duration'], 'must be > 0');
  const warmupMs = ms(raw.warmup, SOAK_DEFAULTS.warmupMs);
  const intervalMs = ms(raw.interval, SOAK_DEFAULTS.intervalMs);
  if (intervalMs < 1000) fail(['interval'], 'must be at least 1s');
  if (warmupMs >= durationMs) fail(['warmup'], 'must be shorter than the soak duration');
  const b = new StageBuilder(rounderFor(unit));
  b.phase('soak', target, [target], durationMs);
  const frac = (v: number | string | undefined, d: number): number => (v === undefined ? d : (parseFraction(v) ?? d));
  const rel = (v: number | string | undefined, d: number): number => (v === undefined ? d : (parseRatio(v) ?? d));
  return {
    start: b.start,
    stages: b.stages,
    plan: {
      name: 'soak', unit, phases: b.phases,
      soak: {
        intervalMs,
        warmupMs,
        maxLatencyDrift: rel(raw.maxLatencyDrift, SOAK_DEFAULTS.maxLatencyDrift),
        maxErrorDrift: frac(raw.maxErrorDrift, SOAK_DEFAULTS.maxErrorDrift),
        maxMemoryDrift: rel(raw.maxMemoryDrift, SOAK_DEFAULTS.maxMemoryDrift),
      },
    },
  };
}
