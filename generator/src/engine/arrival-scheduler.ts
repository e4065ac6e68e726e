import { ArrivalSequence } from './arrival-sequence';
import type { Clock } from './clock';
import type { LoadProfile } from './load-profile';
import { WHOLE_LOAD, type LoadShare } from './load-share';

/** What the scheduler drives: one call per arrival, per stage start, and once at the end. */
export interface ArrivalTarget {
  /** `intended` is the scheduled epoch ms; `index` the 0-based arrival number. */
  onArrival(intended: number, index: number, stage: number): void;
  onStageStart(stage: number, at: number): void;
  onScheduleEnd(at: number): void;
}

/** Sleep with setTimeout only when the next event is further than this; closer ones are polled with setImmediate. */
const SLEEP_THRESHOLD_MS = 2;
/** setTimeout fires up to ~1 ms late, so wake this much early and poll the rest. */
const WAKE_EARLY_MS = 1;
/** Arrivals fired per turn before yielding to I/O, so a backlog cannot starve responses. */
const MAX_BATCH = 512;

/**
 * Fires open-model arrivals at their exact scheduled times. Long gaps sleep on a timer;
 * the last ~1 ms before an arrival is polled with setImmediate so schedule lag stays sub-ms
 * without spinning a core at low rates.
 */
export class ArrivalScheduler {
  private readonly seq: ArrivalSequence;
  private startedAt = 0;
  private nextArrival = Infinity;
  private nextStage = 0;
  private stopped = true;
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly tickBound = (): void => this.tick();

  constructor(
    private readonly profile: LoadProfile,
    private readonly clock: Clock,
    private readonly target: ArrivalTarget,
    private readonly share: LoadShare = WHOLE_LOAD,
  ) {
    this.seq = new ArrivalSequence(profile, share);
  }

  start(at: number): void {
    this.startedAt = at;
    this.started = true;
    this.stopped = false;
    this.nextArrival = at + this.seq.next();
    this.tick();
  }

  /** Cancels all future arrivals; no end callback. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  get running(): boolean {
    return !this.stopped;
  }

  /** Target arrival rate (per s) of this share at epoch time `now`. */
  rateAt(now: number): number {
    // The planned rate, also for the sliver after the schedule ends or a stop (0 before start):
    // the last timeseries row and progress line report the rate that second was meant to have.
    return !this.started ? 0 : this.profile.valueAt(now - this.startedAt) / this.share.count;
  }

  private tick(): void {
    this.timer = undefined;
    this.immediate = undefined;
    if (this.stopped) return;
    const end = this.startedAt + this.profile.totalMs;
    const segs = this.profile.segments;
    let now = this.clock();
    let fired = 0;
    for (;;) {
      const stageAt = this.nextStage < segs.length ? this.startedAt + (segs[this.nextStage]?.startMs ?? 0) : Infinity;
      if (stageAt <= now && stageAt <= this.nextArrival) {
        this.target.onStageStart(this.nextStage++, stageAt);
        continue;
      }
      if (this.nextArrival <= now && fired < MAX_BATCH) {
        const intended = this.nextArrival;
        const index = this.seq.index - 1;
        this.nextArrival = this.startedAt + this.seq.next();
        this.target.onArrival(intended, index, this.profile.stageAt(intended - this.startedAt));
        if (this.stopped) return;
        fired++;
        if ((fired & 15) === 0) now = this.clock();
        continue;
      }
      if (this.nextArrival <= now) break; // batch limit: yield to I/O, resume right after
      if (this.nextArrival === Infinity && this.nextStage >= segs.length && end <= now) {
        this.stopped = true;
        this.target.onScheduleEnd(end);
        return;
      }
      const wakeAt = Math.min(this.nextArrival, stageAt, end);
      const gap = wakeAt - now;
      if (gap > SLEEP_THRESHOLD_MS) {
        this.timer = setTimeout(this.tickBound, Math.floor(gap - WAKE_EARLY_MS));
        return;
      }
      if (gap > 0) break;
      now = this.clock();
    }
    this.immediate = setImmediate(this.tickBound);
  }
}
