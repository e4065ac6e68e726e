import type { RequestRecord } from '../../engine';
import type { PresetPlan } from '../../scenario';
import type { HistogramFormat, LatencyState } from '../aggregator-state';
import { round2 } from '../breakdown-recorder';
import { LatencyRecorder } from '../latency-recorder';
import type { RunRecorder } from '../run-recorder';
import type { LatencyStats } from '../types';

/** A phase's counts and latency in a PhaseRecorderState. */
export interface ScopeState { index: number; requests: number; failed: number; served: number; latency: LatencyState }

/** A soak interval's in a PhaseRecorderState (RSS: the coordinator's samples; merged shards: their mean). */
export interface IntervalState {
  index: number;
  requests: number;
  failed: number;
  latencySum: number;
  rssSum: number;
  rssSamples: number;
  latency: LatencyState;
}

/** A PhaseRecorder's statistics as plain data (run-recorder.ts): only phases and intervals with something in them. */
export interface PhaseRecorderState { phases: ScopeState[]; intervals: IntervalState[] }

/** Requests, failures and one latency distribution: all a phase or an interval needs (an HDR histogram is ~100 kB). */
export class ScopeStats {
  requests = 0;
  failed = 0;
  /** Successful responses that completed inside the phase's time window (what the target served then). */
  served = 0;
  readonly latency = new LatencyRecorder();

  record(latencyMs: number, failed: boolean): void {
    this.requests++;
    if (failed) this.failed++;
    this.latency.record(latencyMs);
  }

  get empty(): boolean {
    return this.requests === 0 && this.served === 0;
  }

  state(index: number, format: HistogramFormat): ScopeState {
    return { index, requests: this.requests, failed: this.failed, served: this.served, latency: this.latency.state(format) };
  }

  absorb(s: ScopeState): void {
    this.requests += s.requests;
    this.failed += s.failed;
    this.served += s.served;
    this.latency.absorb(s.latency);
  }

  reset(): void {
    this.requests = 0;
    this.failed = 0;
    this.served = 0;
    this.latency.reset();
  }

  summary(durationS: number): { requests: number; failed: number; successRate: number; rps: number; latency: LatencyStats } {
    return {
      requests: this.requests,
      failed: this.failed,
      successRate: this.requests === 0 ? 1 : 1 - this.failed / this.requests,
      rps: durationS > 0 ? round2(this.requests / durationS) : 0,
      latency: this.latency.stats(),
    };
  }
}

/**
 * One soak interval. Its histogram is summarised and released once no request of it can still be
 * in flight; what it held stays as its compact encoding (`kept`), for shard.json and the merge.
 */
export class IntervalBucket {
  requests = 0;
  failed = 0;
  latencySum = 0;
  latency: LatencyRecorder | undefined = new LatencyRecorder();
  /** p95 once the histogram was released. */
  p95: number | undefined;
  /** The released histogram, encoded (undefined when it was empty). */
  kept: LatencyState | undefined;
  rssSum = 0;
  rssSamples = 0;

  record(latencyMs: number, failed: boolean): void {
    this.requests++;
    if (failed) this.failed++;
    this.latencySum += latencyMs > 0 ? latencyMs : 0;
    // A straggler after the close (beyond every timeout) still counts; it just misses the p95.
    this.latency?.record(latencyMs);
  }

  close(): void {
    if (this.latency === undefined) return;
    this.p95 = this.latency.percentile(95);
    this.kept = this.latency.count > 0 ? this.latency.state('hdr') : undefined;
    this.latency = undefined;
  }

  p95Ms(): number {
    return this.latency !== undefined ? this.latency.percentile(95) : (this.p95 ?? 0);
  }

  get empty(): boolean {
    return this.requests === 0 && this.rssSamples === 0;
  }

  state(index: number, format: HistogramFormat): IntervalState {
    const latency = this.latency?.state(format) ?? this.kept ?? { count: 0, sum: 0, min: null, max: null, histogram: '' };
    return { index, requests: this.requests, failed: this.failed, latencySum: this.latencySum, rssSum: this.rssSum, rssSamples: this.rssSamples, latency };
  }

  absorb(s: IntervalState): void {
    this.requests += s.requests;
    this.failed += s.failed;
    this.latencySum += s.latencySum;
    this.rssSum += s.rssSum;
    this.rssSamples += s.rssSamples;
    if (s.latency.count === 0) return;
    if (this.latency !== undefined) {
      this.latency.absorb(s.latency);
      return;
    }
    // Already released (a merge adds each shard's intervals in turn): add to the encoding, exactly.
    const merged = new LatencyRecorder();
    if (this.kept !== undefined) merged.absorb(this.kept);
    merged.absorb(s.latency);
    this.kept = merged.state('hdr');
    this.p95 = merged.percentile(95);
  }

  reset(): void {
    this.requests = 0;
    this.failed = 0;
    this.latencySum = 0;
    this.rssSum = 0;
    this.rssSamples = 0;
    this.latency?.reset();
    this.kept = undefined;
  }
}

/**
 * Folds requests into the preset's phases (by the stage they were sent in) and, for a soak, into
 * fixed intervals by intended send time, so a 24-hour soak holds a few histograms, not 1440
 * (the released ones as their compressed encodings, a few kB each).
 * Only runs with a preset pay for it: one array lookup per request. Mergeable (RunRecorder):
 * worker threads report what they recorded, shards write state() for `scaletrace merge`.
 */
export class PhaseRecorder implements RunRecorder<'preset'> {
  readonly key = 'preset';
  readonly phases: ScopeStats[];
  readonly intervals: IntervalBucket[] = [];
  private readonly phaseOfStage: number[] = [];
  /** Phase windows [start, end) in ms from the run start, in plan order, for completion times. */
  private readonly windows: Array<{ startMs: number; endMs: number }>;
  private readonly intervalMs: number;
  /** Intervals kept open behind the newest: enough for the slowest request to land in its own. */
  private readonly openBehind: number;
  private closedUpTo = 0;
  /** The lowest interval recorded into since the last take(). */
  private dirtyFrom = Infinity;

  /** `maxTimeoutMs`: the longest request timeout (a request cannot land later than that after it was due). */
  constructor(readonly plan: PresetPlan, private readonly startedAt: number, maxTimeoutMs = 60_000) {
    this.phases = plan.phases.map(() => new ScopeStats());
    plan.phases.forEach((p, i) => { for (const s of p.stages) this.phaseOfStage[s] = i; });
    this.windows = plan.phases.map((p) => ({ startMs: p.startMs, endMs: p.startMs + p.durationMs }));
    this.intervalMs = plan.soak?.intervalMs ?? 0;
    this.openBehind = this.intervalMs > 0 ? Math.ceil(Math.min(maxTimeoutMs, 3_600_000) / this.intervalMs) + 1 : 0;
  }

  onRequest(r: RequestRecord): void {
    const latency = r.end - r.intendedStart;
    const failed = r.errorType !== undefined;
    const phase = this.phaseOfStage[r.stage];
    if (phase !== undefined) (this.phases[phase] as ScopeStats).record(latency, failed);
    if (!failed) {
      // Served: by when the response came, not when it was sent (a saturated target answers later, not more).
      const servedIn = this.phaseAtMs(r.end - this.startedAt);
      if (servedIn >= 0) (this.phases[servedIn] as ScopeStats).served++;
    }
    if (this.intervalMs > 0) this.intervalAt(r.intendedStart).record(latency, failed);
  }

  onDropped(): void {
    // Dropped arrivals are in the run's totals; phases report what was sent.
  }

  onStage(): void {
    // Phases are fixed by the plan.
  }

  onFlow(): void {
    // Its steps came through onRequest.
  }

  /** The generator's own resident memory at `now` (soak: is it flat?). */
  sampleRss(now: number, bytes: number): void {
    if (this.intervalMs <= 0) return;
    const bucket = this.intervalAt(now);
    bucket.rssSum += bytes;
    bucket.rssSamples++;
  }

  take(): PhaseRecorderState {
    return this.export('buckets', true);
  }

  state(): PhaseRecorderState {
    return this.export('hdr', false);
  }

  absorb(s: PhaseRecorderState): void {
    for (const p of s.phases) this.phases[p.index]?.absorb(p);
    for (const i of s.intervals) this.bucket(i.index).absorb(i);
  }

  /** `drain`: a worker's report; what is exported is cleared here. */
  private export(format: HistogramFormat, drain: boolean): PhaseRecorderState {
    const phases: ScopeState[] = [];
    this.phases.forEach((p, i) => {
      if (p.empty) return;
      phases.push(p.state(i, format));
      if (drain) p.reset();
    });
    const intervals: IntervalState[] = [];
    for (let i = drain ? this.dirtyFrom : 0; i < this.intervals.length; i++) {
      const b = this.intervals[i] as IntervalBucket;
      if (b.empty) continue;
      intervals.push(b.state(i, format));
      if (drain) b.reset();
    }
    if (drain) this.dirtyFrom = Infinity;
    return { phases, intervals };
  }

  /** The phase whose window holds `ms` (binary search: windows are in time order), −1 for none. */
  private phaseAtMs(ms: number): number {
    const w = this.windows;
    let lo = 0;
    let hi = w.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const win = w[mid] as { startMs: number; endMs: number };
      if (ms < win.startMs) hi = mid - 1;
      else if (ms >= win.endMs) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  private intervalAt(at: number): IntervalBucket {
    return this.bucket(Math.max(0, Math.floor((at - this.startedAt) / this.intervalMs)));
  }

  private bucket(i: number): IntervalBucket {
    if (i < this.dirtyFrom) this.dirtyFrom = i;
    while (this.intervals.length <= i) this.intervals.push(new IntervalBucket());
    while (this.closedUpTo < i - this.openBehind) (this.intervals[this.closedUpTo++] as IntervalBucket).close();
    return this.intervals[i] as IntervalBucket;
  }
}
