import type { PresetName } from './preset-schema';

/**
 * What a preset expanded into, beside the ordinary stages it produced: the phases to report on
 * and each preset's analysis settings. Consumed by the runner (stress stops at the breaking
 * point) and by results (the preset section of the summary). Times are ms, rates fractions.
 */
export interface PresetPlan {
  name: PresetName;
  /** Unit of the targets: `rate` (req/s, open model) or `vus` (closed). */
  unit: 'rate' | 'vus';
  /** Reported phases in order; every stage belongs to at most one phase. */
  phases: PresetPhase[];
  spike?: SpikeSettings;
  stress?: StressSettings;
  soak?: SoakSettings;
  /** daily/progressive: how much faster than real time the plan runs (1 = real time). */
  timeScale?: number;
  /** True when `load:` had no block for the preset, so every parameter is its default. */
  defaults?: boolean;
}

export interface PresetPhase {
  name: string;
  /** Stage indices of the phase (a ramp or jump into it, then its own stages). */
  stages: number[];
  /** Target at the phase's start and end, in `unit`. */
  from: number;
  to: number;
  /** Offset from the run start and length, as run (after timeScale). */
  startMs: number;
  durationMs: number;
  /** daily/progressive: the offset in the modelled (unscaled) day or profile, ms. */
  modelStartMs?: number;
}

export interface SpikeSettings {
  baseline: number;
  peak: number;
  /** Recovered once every second's p95 ≤ baseline p95 × (1 + tolerance) and error-free … */
  recoveryTolerance: number;
  /** … for this long. */
  recoveryWindowMs: number;
}

export interface BreakingCriteria {
  /** The step breaks when its success rate is below this. */
  successBelow: number;
  avgAboveMs?: number;
  p95AboveMs?: number;
}

export interface StressSettings {
  breakWhen: BreakingCriteria;
  stopAtBreak: boolean;
}

export interface SoakSettings {
  /** One row of the table and one point of the drift fit (a minute unless rehearsing). */
  intervalMs: number;
  /** Time from the start left out of the drift fit. */
  warmupMs: number;
  /** Latency drift verdict: |fitted change over the run| / fitted start ≤ this. */
  maxLatencyDrift: number;
  /** Error-rate drift: |fitted change of the error rate over the run| ≤ this (a fraction). */
  maxErrorDrift: number;
  /** Generator memory: |fitted RSS change over the run| / fitted start ≤ this. */
  maxMemoryDrift: number;
}
