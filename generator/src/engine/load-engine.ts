import type { Scenario } from '../scenario';
import { ArrivalScheduler, type ArrivalTarget } from './arrival-scheduler';
import { epochNow, type Clock } from './clock';
import { LoadProfile } from './load-profile';
import { WHOLE_LOAD, type LoadShare } from './load-share';
import { prepareRequest, type PreparedRequest } from './prepared-request';
import { RequestSender } from './request-sender';
import type { EngineGauges, RunObserver } from './types';
import { VirtualUsers, type VuTarget } from './virtual-users';
import { WeightedMix } from './weighted-mix';

export interface EngineOptions {
  scenario: Scenario;
  observer: RunObserver;
  /** Epoch ms with sub-ms precision; default performance.timeOrigin + performance.now(). */
  now?: () => number;
  /** Run only this part of the plan (a worker or shard); default the whole. */
  share?: LoadShare;
}

export interface RunOutcome {
  endedBy: 'completed' | 'stopped';
  startedAt: number;
  endedAt: number;
}

/**
 * Runs a scenario's load plan (open: ArrivalScheduler, closed: VirtualUsers) and reports every
 * request to the observer. After the plan ends or stop() is called, in-flight requests get
 * `gracefulStopMs`; those still pending are then cancelled and recorded with error.type "aborted".
 */
export class LoadEngine implements ArrivalTarget, VuTarget {
  private readonly scenario: Scenario;
  private readonly observer: RunObserver;
  private readonly clock: Clock;
  private readonly requests: PreparedRequest[];
  private readonly mix: WeightedMix;
  private readonly sender: RequestSender;
  private readonly profile: LoadProfile;
  private readonly scheduler: ArrivalScheduler | undefined;
  private readonly vus: VirtualUsers | undefined;
  private readonly maxInFlight: number;
  private stage = 0;
  private dropped = 0;
  private stopRequested = false;
  private planEnded = false;
  private finishPlan: (() => void) | undefined;
  private running: Promise<RunOutcome> | undefined;

  constructor(opts: EngineOptions) {
    const { scenario } = opts;
    this.scenario = scenario;
    this.observer = opts.observer;
    this.clock = opts.now ?? epochNow;
    this.requests = scenario.requests.map((r) => prepareRequest(r, scenario.podHeader));
    this.mix = new WeightedMix(scenario.requests.map((r) => r.weight));
    this.sender = new RequestSender(this.clock, scenario.http, this.observer);
    const load = scenario.load;
    if (load.model === 'open') {
      this.profile = new LoadProfile(load.startRate, load.stages.map((s) => ({ durationMs: s.durationMs, value: s.rate })));
      this.scheduler = new ArrivalScheduler(this.profile, this.clock, this, opts.share ?? WHOLE_LOAD);
      this.maxInFlight = load.maxInFlight > 0 ? load.maxInFlight : Infinity;
    } else {
      this.profile = new LoadProfile(load.startVus, load.stages.map((s) => ({ durationMs: s.durationMs, value: s.vus })));
      this.vus = new VirtualUsers(this.profile, load.iterations, load.thinkTime, this.sender, this.clock, this, opts.share ?? WHOLE_LOAD);
      this.maxInFlight = Infinity;
    }
  }

  /**
   * Starts the plan at `startAt` (epoch ms, this engine's clock; default now). Workers and shards
   * of one run pass the same value so their interleaved arrivals line up.
   */
  run(startAt?: number): Promise<RunOutcome> {
    this.running ??= this.execute(startAt);
    return this.running;
  }

  stop(): void {
    if (this.stopRequested) return;
    this.stopRequested = true;
    this.scheduler?.stop();
    this.vus?.stop();
    this.finishPlan?.();
  }

  gauges(): EngineGauges {
    return {
      stage: this.stage,
      targetRate: this.scheduler !== undefined ? this.scheduler.rateAt(this.clock()) : undefined,
      vus: this.vus?.active,
      inFlight: this.sender.inFlight,
      sent: this.sender.sent,
      completed: this.sender.completed,
      dropped: this.dropped,
    };
  }

  async close(): Promise<void> {
    this.stop();
    await this.sender.close();
  }

  // --- ArrivalTarget & VuTarget -------------------------------------------------------------

  onArrival(intended: number, index: number, stage: number): void {
    if (this.stopRequested) return;
    if (this.sender.inFlight >= this.maxInFlight) {
      this.dropped++;
      this.observer.onDropped(stage, intended);
      return;
    }
    this.sender.send(this.pick(), stage, 0, index, intended);
  }

  onStageStart(stage: number, at: number): void {
    this.stage = stage;
    this.observer.onStage(stage, at);
  }

  onScheduleEnd(): void {
    this.planEnded = true;
    this.finishPlan?.();
  }

  pick(): PreparedRequest {
    return this.requests[this.mix.pick()] as PreparedRequest;
  }

  // --- run ------------------------------------------------------------------------------------

  private async execute(startAt: number | undefined): Promise<RunOutcome> {
    const startedAt = startAt ?? this.clock();
    const planDone = new Promise<void>((resolve) => (this.finishPlan = resolve));
    if (!this.stopRequested) {
      if (this.scheduler !== undefined) this.scheduler.start(startedAt);
      else this.vus?.start(startedAt);
    }
    if (!this.stopRequested && !this.planEnded) await planDone;
    this.scheduler?.stop();
    this.vus?.stop();
    const endedBy = this.planEnded && !this.stopRequested ? 'completed' : 'stopped';
    await this.drain();
    return { endedBy, startedAt, endedAt: this.clock() };
  }

  /** Waits up to gracefulStopMs for in-flight requests, then records the rest as aborted. */
  private async drain(): Promise<void> {
    if (this.sender.inFlight === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, this.scenario.gracefulStopMs))));
    await Promise.race([this.sender.idle(), grace]);
    clearTimeout(timer);
    if (this.sender.inFlight > 0) {
      this.sender.cancelAll('aborted', 'still in flight ' + this.scenario.gracefulStopMs + ' ms after the run stopped');
    }
  }
}
