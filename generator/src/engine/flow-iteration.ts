import type { ExchangeOwner } from './exchange';
import type { IterationScope } from './iteration-scope';
import type { PreparedRequest } from './prepared-request';
import type { RequestSender } from './request-sender';
import { thinkMs } from './think-time';
import type { FlowRecord, RequestRecord } from './types';

/** A `flows:` entry compiled once per run. */
export interface PreparedFlow {
  name: string;
  steps: PreparedRequest[];
  tags: Readonly<Record<string, string>> | undefined;
  cookies: boolean;
}

/** What a flow iteration needs from the engine that runs it. */
export interface FlowHost {
  readonly sender: RequestSender;
  readonly clock: () => number;
  /** The stage now (each step is counted in the stage it was sent in). */
  currentStage(): number;
  /** Cancelled (graceful stop over, or a second Ctrl-C): no further step may start. */
  readonly cancelled: boolean;
  /** Entering or leaving a pause between steps (the open model's in-flight count includes pauses). */
  paused(delta: 1 | -1): void;
  /** The iteration is over (its FlowRecord was emitted). */
  flowEnded(flow: FlowIteration): void;
  onFlow(record: FlowRecord): void;
}

/**
 * One run of a flow: its steps one after another, each a CLIENT span under this iteration's
 * INTERNAL `flow NAME` span (one trace per iteration). A capture that finds nothing — or any
 * failed step that captures, whose values cannot be trusted — skips the rest; other failures
 * do not stop the journey (as k6 and Locust carry on after a failed check).
 */
export class FlowIteration implements ExchangeOwner {
  private stepIndex = 0;
  private stepsSent = 0;
  private stepsFailed = 0;
  private firstFailure: RequestRecord | undefined;
  private last: RequestRecord | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly start: number;
  private ended = false;
  private readonly nextBound = (): void => this.sendStep();

  constructor(
    private readonly flow: PreparedFlow,
    private readonly host: FlowHost,
    /** Told when the iteration ends, with its last step's record (a VU then starts its next iteration). */
    private readonly owner: ExchangeOwner | undefined,
    /** The stage the iteration started in (its FlowRecord's). */
    private readonly stage: number,
    private readonly vu: number,
    private readonly iteration: number,
    private readonly intendedStart: number,
    readonly scope: IterationScope,
  ) {
    this.start = host.clock();
  }

  /** Sends the first step. */
  begin(): void {
    this.sendStep();
  }

  onRequestDone(record: RequestRecord, synchronous: boolean): void {
    this.last = record;
    const step = this.flow.steps[this.stepIndex - 1] as PreparedRequest;
    let skipRest = false;
    if (record.errorType !== undefined) {
      this.stepsFailed++;
      this.firstFailure ??= record;
      skipRest = record.errorType === 'capture_failed' || step.checks?.capturing === true;
    }
    if (skipRest || this.host.cancelled || this.stepIndex >= this.flow.steps.length) {
      this.end(synchronous);
      return;
    }
    const pause = thinkMs(step.thinkTime);
    if (pause > 0) {
      this.host.paused(1);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.host.paused(-1);
        this.sendStep();
      }, pause);
    } else if (synchronous) {
      // A failure inside dispatch() must not recurse into the next send.
      setImmediate(this.nextBound);
    } else {
      queueMicrotask(this.nextBound);
    }
  }

  /** The run is cancelled: a pause ends now and the remaining steps are skipped. */
  cancel(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.host.paused(-1);
    this.end(false);
  }

  private sendStep(): void {
    if (this.host.cancelled) {
      this.end(false);
      return;
    }
    const step = this.flow.steps[this.stepIndex++] as PreparedRequest;
    this.stepsSent++;
    // The first step keeps the iteration's schedule (coordinated-omission free); later ones start when sent.
    const intended = this.stepIndex === 1 ? this.intendedStart : undefined;
    this.host.sender.send(step, this.host.currentStage(), this.vu, this.iteration, intended, this, this.scope);
  }

  private end(synchronous: boolean): void {
    if (this.ended) return;
    this.ended = true;
    const failed = this.firstFailure;
    this.host.onFlow({
      name: this.flow.name,
      traceId: this.scope.traceId as string,
      spanId: this.scope.parentSpanId as string,
      stage: this.stage,
      vu: this.vu,
      iteration: this.iteration,
      intendedStart: this.intendedStart,
      start: this.start,
      end: this.last?.end ?? this.host.clock(),
      stepsSent: this.stepsSent,
      stepsTotal: this.flow.steps.length,
      stepsFailed: this.stepsFailed,
      ...(failed !== undefined ? { failedStep: failed.name, errorType: failed.errorType } : {}),
      ...(this.flow.tags !== undefined ? { tags: this.flow.tags } : {}),
    });
    this.host.flowEnded(this);
    if (this.owner !== undefined && this.last !== undefined) this.owner.onRequestDone(this.last, synchronous);
  }
}
