import { CookieJar } from 'tough-cookie';
import type { Scenario } from '../scenario';
import { ArrivalScheduler, type ArrivalTarget } from './arrival-scheduler';
import { epochNow, type Clock } from './clock';
import { FlowIteration, type FlowHost, type PreparedFlow } from './flow-iteration';
import type { IterationScope } from './iteration-scope';
import { IterationUnits, type IterationUnit } from './iteration-units';
import { LoadProfile } from './load-profile';
import { WHOLE_LOAD, type LoadShare } from './load-share';
import { RequestSender } from './request-sender';
import { newTraceIds } from './trace-ids';
import type { EngineGauges, FlowRecord, RunObserver } from './types';
import { VirtualUsers, type VuHandle, type VuTarget } from './virtual-users';

export interface EngineOptions {
  scenario: Scenario;
  observer: RunObserver;
  /** Epoch ms with sub-ms precision; default performance.timeOrigin + performance.now(). */
  now?: () => number;
  /** Run only this part of the plan (a worker or shard); default the whole. */
  share?: LoadShare;
}

export interface RunOutcome {
  /** `completed` also when a `pick: unique` data source ran out (then `dataExhausted` names it). */
  endedBy: 'completed' | 'stopped';
  dataExhausted?: string;
  startedAt: number;
  endedAt: number;
}

/**
 * Runs a scenario's load plan (open: ArrivalScheduler, closed: VirtualUsers) and reports every
 * request to the observer. After the plan ends or stop() is called, in-flight requests get
 * `gracefulStopMs`; those still pending are then cancelled and recorded with error.type "aborted".
 */
export class LoadEngine implements ArrivalTarget, VuTarget, FlowHost {
  private readonly scenario: Scenario;
  private readonly observer: RunObserver;
  readonly clock: Clock;
  private readonly units: IterationUnits;
  readonly sender: RequestSender;
  /** Flow iterations under way (the drain waits for them too). */
  private readonly flows = new Set<FlowIteration>();
  private flowsIdleWaiters: Array<() => void> = [];
  /** Flows pausing between steps: in flight for `maxInFlight`, though no request of theirs is. */
  private pausedFlows = 0;
  cancelled = false;
  private dataExhausted: string | undefined;
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
    this.units = new IterationUnits(scenario, opts.share ?? WHOLE_LOAD);
    this.sender = new RequestSender(this.clock, scenario.http, this.observer);
    const load = scenario.load;
    if (load.model === 'open') {
      this.profile = new LoadProfile(load.startRate, load.stages.map((s) => ({ durationMs: s.durationMs, value: s.rate })));
      this.scheduler = new ArrivalScheduler(this.profile, this.clock, this, opts.share ?? WHOLE_LOAD);
      this.maxInFlight = load.maxInFlight > 0 ? load.maxInFlight : Infinity;
    } else {
      this.profile = new LoadProfile(load.startVus, load.stages.map((s) => ({ durationMs: s.durationMs, value: s.vus })));
      this.vus = new VirtualUsers(this.profile, load.iterations, load.thinkTime, this.clock, this, opts.share ?? WHOLE_LOAD);
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
    this.cancelFlows();
    await this.sender.close();
  }

  // --- ArrivalTarget & VuTarget -------------------------------------------------------------

  onArrival(intended: number, index: number, stage: number): void {
    if (this.stopRequested) return;
    if (this.sender.inFlight + this.pausedFlows >= this.maxInFlight) {
      this.dropped++;
      this.observer.onDropped(stage, intended);
      return;
    }
    this.begin(stage, 0, index, intended, undefined);
  }

  startIteration(stage: number, vu: number, iteration: number, owner: VuHandle): boolean {
    return this.begin(stage, vu, iteration, undefined, owner);
  }

  onStageStart(stage: number, at: number): void {
    this.stage = stage;
    this.observer.onStage(stage, at);
  }

  onScheduleEnd(): void {
    this.planEnded = true;
    this.finishPlan?.();
  }

  // --- FlowHost ------------------------------------------------------------------------------

  currentStage(): number {
    return this.stage;
  }

  paused(delta: 1 | -1): void {
    this.pausedFlows += delta;
  }

  flowEnded(flow: FlowIteration): void {
    this.flows.delete(flow);
    if (this.flows.size === 0 && this.flowsIdleWaiters.length > 0) {
      const waiters = this.flowsIdleWaiters;
      this.flowsIdleWaiters = [];
      for (const w of waiters) w();
    }
  }

  onFlow(record: FlowRecord): void {
    this.observer.onFlow(record);
  }

  // --- iterations -----------------------------------------------------------------------------

  /**
   * One iteration: a request or a flow picked by weight, with the data rows it reads. The closed
   * model's VU (`vu`) keeps its cookies across iterations; the open model's jar lives for one flow run.
   */
  private begin(stage: number, vuId: number, iteration: number, intended: number | undefined, vu: VuHandle | undefined): boolean {
    const unit: IterationUnit = this.units.pick();
    let data: IterationScope['data'];
    if (unit.sources !== undefined) {
      data = this.units.draw(unit.sources);
      if (data === undefined) {
        this.endForData(unit.sources);
        return false;
      }
    }
    if (unit.flow === undefined) {
      const req = unit.request;
      const jar = req.cookies && vu !== undefined ? (vu.jar ??= new CookieJar()) : undefined;
      const scope = data !== undefined || jar !== undefined ? { data, vars: undefined, jar, traceId: undefined, parentSpanId: undefined } : undefined;
      this.sender.send(req, stage, vuId, iteration, intended, vu, scope);
      return true;
    }
    const flow: PreparedFlow = unit.flow;
    const jar = !flow.cookies ? undefined : vu !== undefined ? (vu.jar ??= new CookieJar()) : new CookieJar();
    const ids = newTraceIds();
    const run = new FlowIteration(flow, this, vu, stage, vuId, iteration, intended ?? this.clock(), {
      data, vars: {}, jar, traceId: ids.traceId, parentSpanId: ids.spanId,
    });
    this.flows.add(run);
    run.begin();
    return true;
  }

  /** A `pick: unique` source has no row left for this share: the schedule ends here, in-flight work drains. */
  private endForData(sources: readonly string[]): void {
    if (this.dataExhausted !== undefined) return;
    this.dataExhausted = this.units.exhaustedSource(sources) ?? sources.join(', ');
    this.scheduler?.stop();
    this.vus?.stop();
    this.planEnded = true;
    this.finishPlan?.();
  }

  private cancelFlows(): void {
    this.cancelled = true;
    for (const flow of [...this.flows]) flow.cancel();
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
    return { endedBy, startedAt, endedAt: this.clock(), ...(this.dataExhausted !== undefined ? { dataExhausted: this.dataExhausted } : {}) };
  }

  /** Waits up to gracefulStopMs for in-flight requests and flow iterations, then records the rest as aborted. */
  private async drain(): Promise<void> {
    if (this.sender.inFlight === 0 && this.flows.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, this.scenario.gracefulStopMs))));
    await Promise.race([this.idle(), grace]);
    clearTimeout(timer);
    if (this.sender.inFlight > 0 || this.flows.size > 0) {
      // Pausing flows end now (their remaining steps skipped); a flow's in-flight step ends as aborted.
      this.cancelFlows();
      this.sender.cancelAll('aborted', 'still in flight ' + this.scenario.gracefulStopMs + ' ms after the run stopped');
    }
  }

  /** Nothing in flight and no flow iteration under way. */
  private async idle(): Promise<void> {
    while (this.sender.inFlight > 0 || this.flows.size > 0) {
      if (this.flows.size > 0) await new Promise<void>((resolve) => this.flowsIdleWaiters.push(resolve));
      else await this.sender.idle();
    }
  }
}
