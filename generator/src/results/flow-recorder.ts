import type { FlowRecord } from '../engine';
import type { HistogramFormat, LatencyState } from './aggregator-state';
import { round2, sortedCounts } from './breakdown-recorder';
import { LatencyRecorder } from './latency-recorder';
import type { FlowStats } from './types';

/** One flow's figures as plain JSON (worker reports, shard.json): merged by adding. */
export interface FlowState {
  iterations: number;
  /** Iterations in which a step failed. */
  failed: number;
  /** Iterations that did not send every step (a failed capture, or the run's stop). */
  incomplete: number;
  stepsSent: number;
  stepsFailed: number;
  /** Failed iterations by their first failed step (`FLOW.STEP`). */
  failedAt: Record<string, number>;
  /** Failed iterations by their first failure's error.type. */
  errors: Record<string, number>;
  /** Iteration duration (ms, from its intended start to its last step's end). */
  duration: LatencyState;
}

/** Per-flow iterations, failures and durations (its steps are counted per request name like any request). */
export class FlowRecorder {
  iterations = 0;
  failed = 0;
  incomplete = 0;
  stepsSent = 0;
  stepsFailed = 0;
  private readonly failedAt = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly duration = new LatencyRecorder();

  record(f: FlowRecord): void {
    this.iterations++;
    this.stepsSent += f.stepsSent;
    this.stepsFailed += f.stepsFailed;
    if (f.stepsSent < f.stepsTotal) this.incomplete++;
    if (f.failedStep !== undefined) {
      this.failed++;
      this.failedAt.set(f.failedStep, (this.failedAt.get(f.failedStep) ?? 0) + 1);
      const type = f.errorType ?? 'unknown';
      this.errors.set(type, (this.errors.get(type) ?? 0) + 1);
    }
    this.duration.record(f.end - f.intendedStart);
  }

  state(format: HistogramFormat = 'hdr'): FlowState {
    return {
      iterations: this.iterations, failed: this.failed, incomplete: this.incomplete,
      stepsSent: this.stepsSent, stepsFailed: this.stepsFailed,
      failedAt: Object.fromEntries(this.failedAt), errors: Object.fromEntries(this.errors),
      duration: this.duration.state(format),
    };
  }

  absorb(s: FlowState): void {
    this.iterations += s.iterations;
    this.failed += s.failed;
    this.incomplete += s.incomplete;
    this.stepsSent += s.stepsSent;
    this.stepsFailed += s.stepsFailed;
    for (const [k, n] of Object.entries(s.failedAt)) this.failedAt.set(k, (this.failedAt.get(k) ?? 0) + n);
    for (const [k, n] of Object.entries(s.errors)) this.errors.set(k, (this.errors.get(k) ?? 0) + n);
    this.duration.absorb(s.duration);
  }

  stats(durationS: number): FlowStats {
    return {
      iterations: this.iterations,
      failed: this.failed,
      successRate: this.iterations === 0 ? 1 : 1 - this.failed / this.iterations,
      incomplete: this.incomplete,
      stepsSent: this.stepsSent,
      stepsFailed: this.stepsFailed,
      rate: durationS > 0 ? round2(this.iterations / durationS) : 0,
      failedAt: sortedCounts(this.failedAt),
      errors: sortedCounts(this.errors),
      duration: this.duration.stats(),
    };
  }
}
