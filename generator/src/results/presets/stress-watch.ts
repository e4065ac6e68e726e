import type { PresetPlan } from '../../scenario';
import type { PhaseRecorder } from './phase-recorder';
import { breakingReasons, type LiveBreak } from './stress-analysis';

/** Slowest a step's late responses get to arrive before it is judged (the next step runs meanwhile). */
const MAX_SETTLE_MS = 5_000;

/**
 * Judges each stress step once it has ended and its stragglers had time to arrive (as long as the
 * latency bound, 1–5 s), and says when the run should stop at the breaking point.
 */
export class StressWatch {
  private next = 0;
  private readonly settleMs: number;
  broken: LiveBreak | undefined;

  constructor(private readonly plan: PresetPlan, private readonly recorder: PhaseRecorder, private readonly startedAt: number) {
    const c = plan.stress?.breakWhen;
    this.settleMs = Math.min(MAX_SETTLE_MS, Math.max(1000, c?.avgAboveMs ?? 0, c?.p95AboveMs ?? 0));
  }

  /** True once a step has broken and the plan says to stop there. */
  check(now: number): boolean {
    const settings = this.plan.stress;
    if (settings === undefined || this.broken !== undefined) return false;
    const phases = this.plan.phases;
    while (this.next < phases.length) {
      const p = phases[this.next];
      if (p === undefined || now < this.startedAt + p.startMs + p.durationMs + this.settleMs) break;
      const s = this.recorder.phases[this.next]?.summary(p.durationMs / 1000);
      const reasons = s === undefined ? [] : breakingReasons({
        requests: s.requests, successRate: s.successRate, avg: s.latency.avg, p95: s.latency.p95,
      }, settings.breakWhen);
      if (reasons.length > 0) {
        this.broken = { phase: this.next, reasons };
        return settings.stopAtBreak;
      }
      this.next++;
    }
    return false;
  }
}
