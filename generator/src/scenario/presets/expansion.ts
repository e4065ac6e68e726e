import type { PresetPlan } from './preset-plan';
import type { PlannedStage } from './stage-builder';

/** A preset turned into ordinary stages (in the model's unit) plus what to report on. */
export interface PresetExpansion {
  /** Where the first stage starts (startRate / startVus). */
  start: number;
  stages: PlannedStage[];
  plan: PresetPlan;
}

/** Reports a bad parameter at a path inside the preset's block (e.g. `['max']`); never returns. */
export type FailAt = (path: Array<string | number>, reason: string) => never;
