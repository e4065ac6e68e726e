import type { HpaScalingSummary, ScalingEpisode } from './types';

export interface TrackerOptions {
  hpa: string;
  namespace: string;
  target: { kind: string; name: string };
  tolerance: number;
  onEpisode: (e: ScalingEpisode) => void;
}

/**
 * One HPA's scaling episodes and lags (ARCHITECTURE.md "Scaling lag"), from the watcher's
 * observations in time order. Pure state: it only reacts to desired/ready/utilization changes, so
 * an observation delivered twice (after a relist) changes nothing and cannot double an episode.
 */
export class EpisodeTracker {
  private desired?: number;
  private current?: number;
  private ready?: number;
  private targetSpec?: number;
  private min = 0;
  private max = 0;
  private lastAt?: number;
  private open?: ScalingEpisode;
  private readonly done: ScalingEpisode[] = [];
  private readonly loadSteps: Array<{ at: number; direction: 'up' | 'down' }> = [];
  private crossing?: { at: number; direction: 'up' | 'down' };
  private pendingRescale?: { at: number; what: string; size?: number };
  private readonly timeline: HpaScalingSummary['timeline'] = [];
  private deficit = 0;
  private atMaxMs = 0;
  private maxReached = 0;
  readonly podFailures: HpaScalingSummary['podFailures'] = [];

  constructor(private readonly opts: TrackerOptions) {}

  markLoadStep(at: number, direction: 'up' | 'down'): void {
    this.loadSteps.push({ at, direction });
  }

  /** An HPA status: desired/current replicas and its utilization against the target. */
  hpa(at: number, s: { current: number; desired: number; min: number; max: number; utilization?: number; target?: number }): void {
    this.advance(at);
    this.min = s.min;
    this.max = s.max;
    this.current = s.current;
    this.maxReached = Math.max(this.maxReached, s.current);
    if (s.utilization !== undefined && s.target !== undefined) this.noteUtilization(at, s.utilization, s.target);
    const previous = this.desired;
    this.desired = s.desired;
    if (previous !== undefined && s.desired !== previous) this.desiredChanged(at, previous, s.desired);
    this.checkDone(at);
    this.row(at);
  }

  /** The scale target's ready replicas (and spec.replicas when known). */
  targetReady(at: number, ready: number, spec?: number): void {
    this.advance(at);
    this.ready = ready;
    if (spec !== undefined) this.targetSpec = spec;
    this.checkDone(at);
    this.row(at);
  }

  step(at: number, what: string): void {
    if (!this.open) return;
    this.open.steps.push({ at, what });
  }

  /**
   * A SuccessfulRescale event ("New size: N; reason: …"). The HPA controller records it before it
   * writes the new status, so it can arrive before the decision it belongs to: then it waits for it.
   */
  rescaleEvent(at: number, message: string): void {
    const size = /New size: (\d+)/.exec(message)?.[1];
    const rescale = { at, what: `SuccessfulRescale: ${message}`, size: size === undefined ? undefined : Number(size) };
    if (this.open && (rescale.size === undefined || rescale.size === this.open.to)) this.attachRescale(this.open, rescale);
    else this.pendingRescale = rescale;
  }

  private attachRescale(e: ScalingEpisode, r: { at: number; what: string }): void {
    e.steps.push({ at: r.at, what: r.what });
    e.steps.sort((a, b) => a.at - b.at);
    e.rescaleEventAt ??= r.at;
  }

  /** An event seen shortly before the decision it announces. */
  private takePendingRescale(e: ScalingEpisode, at: number): void {
    const r = this.pendingRescale;
    if (!r || at - r.at > PENDING_RESCALE_MS || (r.size !== undefined && r.size !== e.to)) return;
    this.pendingRescale = undefined;
    this.attachRescale(e, r);
  }

  setLastScaleTime(t: string | undefined): void {
    if (this.open && t) this.open.lastScaleTime = t;
  }

  /** Restarts count each time; a pod that cannot be scheduled counts once (its status and its FailedScheduling events say the same). */
  podFailure(at: number, pod: string, reason: string): void {
    const window = reason === 'Unschedulable' ? Infinity : 1000;
    if (this.podFailures.some((f) => f.pod === pod && f.reason === reason && Math.abs(f.at - at) < window)) return;
    this.podFailures.push({ at, pod, reason });
  }

  summary(at: number): HpaScalingSummary {
    this.advance(at);
    const episodes = [...this.done, ...(this.open ? [{ ...this.open, steps: [...this.open.steps] }] : [])];
    return {
      name: this.opts.hpa, target: this.opts.target, min: this.min, max: this.max,
      timeline: this.timeline.slice(), episodes,
      maxReplicasReached: this.maxReached, timeAtMaxS: round(this.atMaxMs / 1000),
      deficitReplicaSeconds: round(this.deficit), podFailures: this.podFailures.slice(),
    };
  }

  /** At stop: the open episode is reported as incomplete (nothing is completed artificially). */
  finish(at: number): void {
    this.advance(at);
    if (!this.open) return;
    const e = this.open;
    this.open = undefined;
    e.complete = false;
    this.done.push(e);
    this.opts.onEpisode(e);
  }

  private noteUtilization(at: number, utilization: number, target: number): void {
    const tol = this.opts.tolerance;
    const direction = utilization > target * (1 + tol) ? 'up' : utilization < target * (1 - tol) ? 'down' : undefined;
    if (direction === undefined) this.crossing = undefined;
    else if (this.crossing?.direction !== direction) this.crossing = { at, direction };
  }

  private desiredChanged(at: number, from: number, to: number): void {
    const direction = to > from ? 'up' : 'down';
    if (this.open && this.open.direction === direction) {
      this.open.to = to;
      this.open.steps.push({ at, what: `desired ${from} → ${to}` });
      this.takePendingRescale(this.open, at);
      return;
    }
    if (this.open) {
      this.open.steps.push({ at, what: `superseded: desired ${from} → ${to}` });
      this.finish(at);
    }
    const t0 = this.t0For(direction, at);
    this.open = {
      hpa: this.opts.hpa, namespace: this.opts.namespace, direction, from, to,
      t0: t0.at, t0Source: t0.source, decidedAt: at,
      lags: { detectionS: round((at - t0.at) / 1000) }, deficitReplicaSeconds: 0,
      steps: [{ at, what: `desired ${from} → ${to}` }], complete: false,
    };
    this.takePendingRescale(this.open, at);
  }

  /**
   * The latest load step in this direction since the previous decision (embedded), else — when the
   * HPA keeps scaling the same way after a finished step (1 → 3 → 6) — that episode's load step, so
   * every step of the cascade is measured from the load that caused it; else the utilization crossing.
   */
  private t0For(direction: 'up' | 'down', decidedAt: number): { at: number; source: ScalingEpisode['t0Source'] } {
    const previous = this.done[this.done.length - 1];
    const previousDecision = previous?.decidedAt ?? -Infinity;
    const steps = this.loadSteps.filter((s) => s.direction === direction && s.at <= decidedAt && s.at > previousDecision);
    const step = steps[steps.length - 1];
    if (step) return { at: step.at, source: 'load-step' };
    const lastStep = this.loadSteps.filter((s) => s.at <= decidedAt).pop();
    if (previous?.direction === direction && previous.t0Source === 'load-step' && lastStep?.direction === direction) {
      return { at: previous.t0, source: 'load-step' };
    }
    if (this.crossing?.direction === direction && this.crossing.at <= decidedAt) return { at: this.crossing.at, source: 'utilization' };
    return { at: decidedAt, source: 'utilization' };
  }

  private checkDone(at: number): void {
    const e = this.open;
    if (!e || this.ready === undefined) return;
    // Down: fewer ready is not enough, the target's spec must have come down too (pods terminating).
    const reached = e.direction === 'up' ? this.ready >= e.to : this.ready <= e.to && (this.targetSpec ?? e.to) <= e.to;
    if (!reached) return;
    e.readyAt = at;
    e.lags.actuationS = round((at - e.decidedAt) / 1000);
    e.lags.totalS = round((at - e.t0) / 1000);
    e.complete = true;
    e.steps.push({ at, what: `${this.ready} ready` });
    this.open = undefined;
    this.done.push(e);
    this.opts.onEpisode(e);
  }

  /** Integrates deficit and time-at-max up to `at` with the values that held since the last observation. */
  private advance(at: number): void {
    if (this.lastAt !== undefined && at > this.lastAt) {
      const dtS = (at - this.lastAt) / 1000;
      if (this.desired !== undefined && this.ready !== undefined) {
        const missing = Math.max(0, this.desired - this.ready) * dtS;
        this.deficit += missing;
        if (this.open) this.open.deficitReplicaSeconds = round(this.open.deficitReplicaSeconds + missing);
      }
      if (this.desired !== undefined && this.max > 0 && this.desired >= this.max) this.atMaxMs += at - this.lastAt;
    }
    if (this.lastAt === undefined || at > this.lastAt) this.lastAt = at;
  }

  private row(at: number): void {
    const last = this.timeline[this.timeline.length - 1];
    const row = { at, current: this.current ?? 0, desired: this.desired ?? 0, ready: this.ready ?? 0 };
    if (last && last.current === row.current && last.desired === row.desired && last.ready === row.ready) return;
    this.timeline.push(row);
  }
}

/** The HPA writes its status right after the event it records for the rescale. */
const PENDING_RESCALE_MS = 30_000;

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
