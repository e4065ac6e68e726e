import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { composeShares, type EngineGauges, type LoadShare, type RunObserver, type RunOutcome } from '../engine';
import { sumSpanAccounting, type RecorderStates, type SpanAccounting } from '../results';
import type { Scenario } from '../scenario';
import type { FromWorker, ToWorker, WorkerSetup } from './messages';
import { workerSpillDir } from './spill-dirs';

export interface WorkerPoolOptions {
  scenario: Scenario;
  workers: number;
  /** The part of the plan this process runs (a shard); the workers split it further. */
  share: LoadShare;
  runId: string;
  /** Each worker spills to `<spillDir>/worker-<index>`. */
  spillDir: string;
  /** Receives each worker's reports: the run's recorders (coordinator role). */
  sink: { absorb(states: RecorderStates): void };
  /** Stage starts, once per stage for the whole pool (stage spans, the watcher's load steps). */
  observer: Pick<RunObserver, 'onStage'>;
  /** Earliest start (epoch ms), e.g. a distributed run's shared start. */
  notBefore?: number;
}

// Each report allocates a fresh aggregator (~1 ms per histogram): twice a second is plenty for a 1-s progress line
// (and a stress step is judged at most this much later than in one thread: reportedUpTo()).
const REPORT_EVERY_MS = 500;
/** After the last worker is ready, this much lead so every worker has its start message in time. */
const START_LEAD_MS = 50;

interface Member {
  worker: Worker;
  ready: boolean;
  done: boolean;
  outcome?: RunOutcome;
  gauges?: EngineGauges;
  /** When its latest report was taken (its clock): its requests that completed before are absorbed. */
  reportedAt?: number;
  spans?: SpanAccounting;
  onReady?: () => void;
}

/**
 * Runs the plan in `workers` threads, each with its own share (interleaved arrivals, split VUs),
 * connection pool and OTLP exporter, all starting at one timestamp. Looks like a LoadEngine to
 * the run: run / stop / close / gauges; shutdown() waits for the workers' telemetry.
 */
export class WorkerPool {
  private readonly members: Member[] = [];
  private stageSeen = -1;
  /** Per worker: its load is over (its RunOutcome). */
  private readonly ended: Array<Promise<RunOutcome>> = [];
  /** Per worker: its telemetry is flushed too. */
  private readonly finished: Array<Promise<void>> = [];
  private running: Promise<RunOutcome> | undefined;
  private startAt = 0;
  private flushed: Promise<void> | undefined;
  private stopRequested = false;

  constructor(private readonly opts: WorkerPoolOptions) {}

  /**
   * Starts the threads and resolves, once all are ready, with the run's start time: `notBefore`,
   * or shortly after now. Call run() next.
   */
  async prepare(): Promise<number> {
    this.spawn();
    let readyAll!: () => void;
    const allReady = new Promise<void>((resolve) => (readyAll = resolve));
    for (const m of this.members) m.onReady = () => { if (this.members.every((x) => x.ready)) readyAll(); };
    if (this.members.every((m) => m.ready)) readyAll();
    // A worker that fails before it is ready must not leave the start waiting.
    const failedEarly = Promise.all(this.finished).then(() => undefined);
    try {
      await Promise.race([allReady, failedEarly]);
    } catch (error) {
      await this.terminate();
      throw error;
    }
    return Math.max(Date.now() + START_LEAD_MS, this.opts.notBefore ?? 0);
  }

  /**
   * Starts every worker at `at` (from prepare()) and resolves when the load is over in all of
   * them, as the engine does: `endedAt` is the last worker's end. Their telemetry is still being
   * flushed then; the threads end when it is (shutdown() waits for that).
   */
  run(at: number): Promise<RunOutcome> {
    if (this.running === undefined) {
      this.startAt = at;
      this.running = this.execute(at);
      this.flushed = this.running.then(() => Promise.all(this.finished)).then(() => undefined).finally(() => this.terminate());
      this.flushed.catch(() => undefined); // awaited by shutdown(); the threads end either way
    }
    return this.running;
  }

  /** Waits until every worker has flushed its telemetry (each bounded by its export timeout) and the threads have ended. */
  async shutdown(): Promise<void> {
    await (this.flushed ?? this.terminate());
  }

  stop(): void {
    this.stopRequested = true;
    this.broadcast({ type: 'stop' });
  }

  async close(): Promise<void> {
    this.stopRequested = true;
    this.broadcast({ type: 'close' });
    if (this.running !== undefined) await this.running.catch(() => undefined);
    else await this.terminate();
  }

  /** Sum over the workers (their latest reports). */
  gauges(): EngineGauges {
    const g: EngineGauges = { stage: 0, inFlight: 0, sent: 0, completed: 0, dropped: 0 };
    for (const m of this.members) {
      const w = m.gauges;
      if (w === undefined) continue;
      g.stage = Math.max(g.stage, w.stage);
      if (w.targetRate !== undefined) g.targetRate = (g.targetRate ?? 0) + w.targetRate;
      if (w.vus !== undefined) g.vus = (g.vus ?? 0) + w.vus;
      g.inFlight += w.inFlight;
      g.sent += w.sent;
      g.completed += w.completed;
      g.dropped += w.dropped;
    }
    return g;
  }

  /**
   * The time up to which every worker's completed requests have been absorbed: the oldest latest
   * report (a worker whose load is over has reported everything). Epoch ms.
   */
  reportedUpTo(): number {
    let upTo = Infinity;
    for (const m of this.members) if (m.outcome === undefined) upTo = Math.min(upTo, m.reportedAt ?? this.startAt);
    return upTo;
  }

  /** The workers' span accounting, once they are done. */
  spans(): SpanAccounting {
    return sumSpanAccounting(this.members.map((m) => m.spans));
  }

  private spawn(): void {
    const { workers, share } = this.opts;
    for (let w = 0; w < workers; w++) {
      const mine = composeShares(share, { index: w, count: workers });
      const setup: WorkerSetup = {
        scenario: this.opts.scenario, share: mine, runId: this.opts.runId, workerIndex: mine.index,
        spillDir: workerSpillDir(this.opts.spillDir, mine.index), reportEveryMs: REPORT_EVERY_MS,
      };
      const member: Member = { worker: new Worker(path.join(__dirname, 'worker-thread.js'), { workerData: setup }), ready: false, done: false };
      this.members.push(member);
      const { ended, finished } = this.follow(member);
      this.ended.push(ended);
      this.finished.push(finished);
    }
  }

  private async execute(at: number): Promise<RunOutcome> {
    this.broadcast({ type: 'start', at });
    if (this.stopRequested) this.broadcast({ type: 'stop' });
    let outcomes: RunOutcome[];
    try {
      outcomes = await Promise.all(this.ended);
    } catch (error) {
      await this.terminate();
      throw error;
    }
    // Workers share the rows: the first to run out of a unique source names it.
    const exhausted = outcomes.map((o) => o.dataExhausted).find((d) => d !== undefined);
    return {
      endedBy: outcomes.every((o) => o.endedBy === 'completed') ? 'completed' : 'stopped',
      startedAt: at,
      endedAt: Math.max(...outcomes.map((o) => o.endedAt)),
      ...(exhausted !== undefined ? { dataExhausted: exhausted } : {}),
    };
  }

  private async terminate(): Promise<void> {
    await Promise.all(this.members.map((m) => m.worker.terminate()));
  }

  /**
   * `ended` resolves when the worker's load is over, `finished` when its telemetry is flushed too;
   * both reject when it failed or exited early (the others are stopped).
   */
  private follow(member: Member): { ended: Promise<RunOutcome>; finished: Promise<void> } {
    let ended!: { resolve(o: RunOutcome): void; reject(e: Error): void };
    const endedP = new Promise<RunOutcome>((resolve, reject) => (ended = { resolve, reject }));
    const finished = new Promise<void>((resolve, reject) => {
      const fail = (message: string): void => {
        if (member.done) return;
        member.done = true;
        this.broadcast({ type: 'close' });
        const error = new Error(`worker thread failed: ${message}`);
        ended.reject(error);
        reject(error);
      };
      member.worker.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'ready': member.ready = true; member.onReady?.(); return;
          case 'report': this.onReport(member, m); return;
          case 'ended': member.outcome = m.outcome; ended.resolve(m.outcome); return;
          case 'done': member.spans = m.spans; member.done = true; resolve(); return;
          case 'failed': fail(m.message); return;
        }
      });
      member.worker.on('error', (error) => fail(error.message));
      member.worker.on('exit', (code) => fail(`exited with code ${code} before finishing`));
    });
    // Awaited by run() and shutdown(); a failure before either is called must not be "unhandled".
    endedP.catch(() => undefined);
    finished.catch(() => undefined);
    return { ended: endedP, finished };
  }

  private onReport(member: Member, m: Extract<FromWorker, { type: 'report' }>): void {
    member.gauges = m.gauges;
    member.reportedAt = m.at;
    for (const { stage, at } of m.stages) {
      // Every worker starts every stage at the same planned time; announce each once, in order.
      while (this.stageSeen < stage) {
        this.stageSeen++;
        this.opts.observer.onStage(this.stageSeen, at);
      }
    }
    this.opts.sink.absorb(m.states);
  }

  /** To the workers whose load is not over (start, stop and close mean nothing after it). */
  private broadcast(m: ToWorker): void {
    for (const member of this.members) if (!member.done && member.outcome === undefined) member.worker.postMessage(m);
  }
}
