import type { PresetPhase } from './preset-plan';

/** A stage in the model's unit; `value` becomes `rate` or `vus`. */
export interface PlannedStage { durationMs: number; value: number }

/**
 * Appends stages and records which phase they belong to. A phase that starts somewhere other
 * than where the load is gets a ramp (or, with rampMs = 0, a 0-duration jump stage: the engine
 * switches to the new value at once, as k6 does with a `0s` stage).
 */
export class StageBuilder {
  readonly stages: PlannedStage[] = [];
  readonly phases: PresetPhase[] = [];
  private current: number | undefined;
  private firstValue: number | undefined;
  private atMs = 0;

  constructor(private readonly round: (v: number) => number) {}

  /** The first stage's starting value (the load's startRate/startVus). */
  get start(): number {
    return this.firstValue ?? 0;
  }

  /**
   * A phase that moves from `from` to each of `targets` in turn over `durationMs` (split evenly).
   * `modelStartMs` is the phase's offset in the modelled time (before timeScale).
   */
  phase(name: string, from: number, targets: number[], durationMs: number, rampMs = 0, modelStartMs?: number): PresetPhase {
    const first = this.stages.length;
    const startMs = this.atMs;
    const f = this.round(from);
    if (this.current === undefined) {
      this.firstValue = f;
      this.current = f;
    } else if (this.current !== f) {
      this.push(rampMs, f);
    }
    const share = durationMs / targets.length;
    for (const t of targets) this.push(share, this.round(t));
    const phase: PresetPhase = {
      name, stages: range(first, this.stages.length), from: f, to: this.current,
      startMs, durationMs: this.atMs - startMs, ...(modelStartMs === undefined ? {} : { modelStartMs }),
    };
    this.phases.push(phase);
    return phase;
  }

  private push(durationMs: number, value: number): void {
    this.stages.push({ durationMs: Math.round(durationMs), value });
    this.atMs += Math.round(durationMs);
    this.current = value;
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** VUs are whole; rates keep two decimals. */
export function rounderFor(unit: 'rate' | 'vus'): (v: number) => number {
  return unit === 'vus' ? (v) => Math.round(v) : (v) => Math.round(v * 100) / 100;
}
