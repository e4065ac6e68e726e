import type { CookieJar } from 'tough-cookie';
import type { ThinkTime } from '../scenario';
import { CONNECT_ERROR_TYPES } from './classify-error';
import type { Clock } from './clock';
import type { ExchangeOwner } from './exchange';
import type { LoadProfile } from './load-profile';
import { WHOLE_LOAD, globalVu, iterationsShareOf, shareOf, type LoadShare } from './load-share';
import { thinkMs } from './think-time';
import type { RequestRecord } from './types';

/** A VU as the engine sees it: told when its iteration is over; keeps its cookies across iterations. */
export interface VuHandle extends ExchangeOwner {
  jar: CookieJar | undefined;
}

/** What the VU group drives: iterations (a request or a flow), stage starts, the end. */
export interface VuTarget {
  /**
   * Starts one iteration for VU `vu`; `owner.onRequestDone` is called when it is over. False
   * when no iteration can start (a `pick: unique` data source ran out: the run ends).
   */
  startIteration(stage: number, vu: number, iteration: number, owner: VuHandle): boolean;
  onStageStart(stage: number, at: number): void;
  /** Duration mode: the last stage ended; iterations mode: the last request finished. */
  onScheduleEnd(at: number): void;
}

/** How often the VU count follows a ramp. */
const RAMP_TICK_MS = 50;
/** A VU whose request could not even connect waits at least this long: a dead target must not become a busy loop. */
export const CONNECT_ERROR_BACKOFF_MS = 25;

class VirtualUser implements VuHandle {
  /** Cookies of this VU (flows, and requests with `cookies: true`); created on first use. */
  jar: CookieJar | undefined = undefined;
  /** Wanted by the current VU count; cleared on ramp-down (the VU stops after its iteration). */
  wanted = false;
  /** Its loop is alive (a request or think time pending). */
  running = false;
  iteration = 0;
  timer: NodeJS.Timeout | undefined;
  readonly nextBound = (): void => {
    this.timer = undefined;
    this.group.iterate(this);
  };

  constructor(readonly id: number, private readonly group: VirtualUsers) {}

  onRequestDone(record: RequestRecord, synchronous: boolean): void {
    this.group.afterRequest(this, record, synchronous);
  }
}

/**
 * The closed model: VU n (1-based) loops pick → send → await → think. The VU count follows the
 * stages' linear ramps; ramp-down stops the highest VUs after their current iteration. With
 * `iterations`, a fixed number of requests is shared by a fixed number of VUs.
 */
export class VirtualUsers {
  private readonly vus: VirtualUser[] = [];
  private wantedCount = 0;
  private startedAt = 0;
  private nextStage = 0;
  private stopped = true;
  private rampTimer: NodeJS.Timeout | undefined;
  private remaining = Infinity;
  private outstanding = 0;
  private readonly rampBound = (): void => this.ramp();

  constructor(
    private readonly profile: LoadProfile,
    private readonly iterations: number | undefined,
    private readonly think: ThinkTime | undefined,
    private readonly clock: Clock,
    private readonly target: VuTarget,
    /** This group's VUs of the whole plan (VU j belongs to share j mod count); ids stay global. */
    private readonly share: LoadShare = WHOLE_LOAD,
  ) {}

  /** VUs currently looping. */
  get active(): number {
    let n = 0;
    for (const vu of this.vus) if (vu.running) n++;
    return n;
  }

  get stage(): number {
    return Math.max(0, this.nextStage - 1);
  }

  start(at: number): void {
    this.startedAt = at;
    this.stopped = false;
    if (this.iterations !== undefined) {
      const allVus = Math.max(1, Math.round(this.profile.segments[0]?.to ?? 1));
      this.remaining = iterationsShareOf(this.iterations, allVus, this.share);
      const vus = shareOf(allVus, this.share);
      this.nextStage = 1;
      this.target.onStageStart(0, at);
      if (this.remaining <= 0) {
        this.stopped = true;
        this.target.onScheduleEnd(at);
        return;
      }
      this.setWanted(Math.min(vus, this.remaining));
      return;
    }
    this.ramp();
  }

  /** No new requests from now on; in-flight ones finish on their own. */
  stop(): void {
    this.stopped = true;
    if (this.rampTimer !== undefined) clearTimeout(this.rampTimer);
    this.rampTimer = undefined;
    for (const vu of this.vus) {
      if (vu.timer !== undefined) {
        clearTimeout(vu.timer);
        vu.timer = undefined;
        vu.running = false;
      }
      vu.wanted = false;
    }
  }

  iterate(vu: VirtualUser): void {
    if (this.stopped || !vu.wanted || this.remaining <= 0) {
      vu.running = false;
      return;
    }
    this.remaining--;
    this.outstanding++;
    if (!this.target.startIteration(this.stage, vu.id, vu.iteration++, vu)) {
      this.outstanding--;
      vu.running = false;
    }
  }

  afterRequest(vu: VirtualUser, record: RequestRecord, synchronous: boolean): void {
    this.outstanding--;
    if (this.iterations !== undefined && this.remaining <= 0 && this.outstanding === 0 && !this.stopped) {
      vu.running = false;
      this.stop();
      this.target.onScheduleEnd(this.clock());
      return;
    }
    if (this.stopped || !vu.wanted || this.remaining <= 0) {
      vu.running = false;
      return;
    }
    let delay = thinkMs(this.think);
    if (record.errorType !== undefined && CONNECT_ERROR_TYPES.has(record.errorType)) delay = Math.max(delay, CONNECT_ERROR_BACKOFF_MS);
    if (delay > 0) vu.timer = setTimeout(vu.nextBound, delay);
    // A failure inside dispatch() must not recurse into the next send (nor starve I/O with microtasks).
    else if (synchronous) setImmediate(vu.nextBound);
    else queueMicrotask(vu.nextBound);
  }

  private setWanted(count: number): void {
    this.wantedCount = count;
    for (let i = this.vus.length; i < count; i++) this.vus.push(new VirtualUser(globalVu(i + 1, this.share), this));
    for (let i = 0; i < this.vus.length; i++) {
      const vu = this.vus[i] as VirtualUser;
      vu.wanted = i < count;
      if (vu.wanted && !vu.running) {
        vu.running = true;
        queueMicrotask(vu.nextBound);
      }
    }
  }

  private ramp(): void {
    this.rampTimer = undefined;
    if (this.stopped) return;
    const now = this.clock();
    const t = now - this.startedAt;
    const segs = this.profile.segments;
    while (this.nextStage < segs.length && (segs[this.nextStage]?.startMs ?? 0) <= t) {
      this.target.onStageStart(this.nextStage, this.startedAt + (segs[this.nextStage]?.startMs ?? 0));
      this.nextStage++;
    }
    if (t >= this.profile.totalMs) {
      this.stop();
      this.target.onScheduleEnd(this.startedAt + this.profile.totalMs);
      return;
    }
    const want = shareOf(Math.round(this.profile.valueAt(t)), this.share);
    if (want !== this.wantedCount) this.setWanted(want);
    const nextStageAt = this.nextStage < segs.length ? (segs[this.nextStage]?.startMs ?? Infinity) : Infinity;
    const wakeIn = Math.min(RAMP_TICK_MS, nextStageAt - t, this.profile.totalMs - t);
    this.rampTimer = setTimeout(this.rampBound, Math.max(1, Math.ceil(wakeIn)));
  }
}
