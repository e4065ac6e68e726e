import type { RequestRecord, RunObserver } from '../../engine';
import type { PresetPlan } from '../../scenario';
import { BreakdownRecorder } from '../breakdown-recorder';

/** Requests, failures and latency of one soak interval. */
export class IntervalBucket {
  readonly stats = new BreakdownRecorder();
  rssSum = 0;
  rssSamples = 0;
}

/**
 * Folds requests into the preset's phases (by the stage they were sent in) and, for a soak, into
 * fixed intervals by intended send time. Only runs with a preset pay for it: one array lookup per request.
 */
export class PhaseRecorder implements RunObserver {
  readonly phases: BreakdownRecorder[];
  readonly intervals: IntervalBucket[] = [];
  private readonly phaseOfStage: number[] = [];
  private readonly intervalMs: number;

  constructor(readonly plan: PresetPlan, private readonly startedAt: number) {
    this.phases = plan.phases.map(() => new BreakdownRecorder());
    plan.phases.forEach((p, i) => { for (const s of p.stages) this.phaseOfStage[s] = i; });
    this.intervalMs = plan.soak?.intervalMs ?? 0;
  }

  onRequest(r: RequestRecord): void {
    const phase = this.phaseOfStage[r.stage];
    if (phase !== undefined) (this.phases[phase] as BreakdownRecorder).record(r, r.end - r.intendedStart, r.start - r.intendedStart);
    if (this.intervalMs > 0) this.intervalAt(r.intendedStart).stats.record(r, r.end - r.intendedStart, r.start - r.intendedStart);
  }

  onDropped(): void {
    // Dropped arrivals are in the run's totals; phases report what was sent.
  }

  onStage(): void {
    // Phases are fixed by the plan.
  }

  /** The generator's own resident memory at `now` (soak: is it flat?). */
  sampleRss(now: number, bytes: number): void {
    if (this.intervalMs <= 0) return;
    const bucket = this.intervalAt(now);
    bucket.rssSum += bytes;
    bucket.rssSamples++;
  }

  private intervalAt(at: number): IntervalBucket {
    const i = Math.max(0, Math.floor((at - this.startedAt) / this.intervalMs));
    while (this.intervals.length <= i) this.intervals.push(new IntervalBucket());
    return this.intervals[i] as IntervalBucket;
  }
}
