import { BroadcastChannel, isMainThread } from 'node:worker_threads';
import { redactUrl } from '../engine';

export interface CollectorLinkOptions {
  /** Names the channel the threads of one run share (the coordinator and its workers). */
  runId: string;
  /** The collector this link stands for (an endpoint's origin): signals sent elsewhere have their own link. */
  origin: string;
  /** The run's spill directory, named in the notice. */
  spillDir: string;
  /** Where the one-line notices go; only the coordinating thread has one, workers relay to it. */
  warn?: (line: string) => void;
}

/** How the collector failed us: no answer to an attempt, an export it failed, or still no answer at the shutdown deadline. */
export type FailureKind = 'unreachable' | 'http' | 'deadline';

interface DownState { url: string; reason: string; failure: FailureKind }

type LinkMessage =
  | ({ kind: 'down' } & DownState)
  | { kind: 'up'; url: string }
  | { kind: 'deadline'; at: number };

/**
 * What one thread's exporters (traces, metrics, logs) know about one collector, shared so a refused
 * connection seen by one stops the others sending to the same endpoint origin from each waiting out
 * a timeout (signals sent to another collector, OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT, have their own):
 * - down after a connection-level failure (refused, reset, no answer within the export timeout)
 *   or an export the collector failed; up again after any export succeeds;
 * - `signal` aborts every export in flight at the shutdown deadline, and at once when the
 *   collector is down during shutdown (what is left is spilled, not waited for).
 * The threads of a run mirror each other's up/down state over a BroadcastChannel, and the
 * coordinating thread (which shuts down after its workers) ends by the latest worker deadline,
 * so the process prints one notice and ends within one export timeout of the end of the load.
 */
export class CollectorLink {
  private downState?: DownState;
  private readonly aborter = new AbortController();
  private readonly channel: BroadcastChannel;
  private deadline = Infinity;
  /** The latest shutdown deadline of the worker threads (coordinating thread only). */
  private workersDeadline = -Infinity;
  private deadlineTimer?: NodeJS.Timeout;
  private shuttingDown = false;
  private readonly downListeners: (() => void)[] = [];

  constructor(private readonly opts: CollectorLinkOptions) {
    this.channel = new BroadcastChannel(`scaletrace.telemetry.${opts.runId}.${opts.origin}`);
    this.channel.unref();
    this.channel.onmessage = (event: unknown) => this.receive((event as { data: LinkMessage }).data);
  }

  get down(): boolean {
    return this.downState !== undefined;
  }

  /** Aborted at the shutdown deadline, or when the collector is down during shutdown. */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  /** Runs `listener` whenever the collector goes down (the span pipeline then spills its queue). */
  onDown(listener: () => void): void {
    this.downListeners.push(listener);
  }

  /** An export attempt got no answer, or the collector failed an export after its retries. */
  failed(url: string, reason: string, failure: FailureKind = 'unreachable'): void {
    if (this.downState !== undefined) return;
    this.setDown({ url, reason, failure });
    this.post({ kind: 'down', url, reason, failure });
  }

  succeeded(url: string): void {
    if (this.downState === undefined) return;
    this.setUp(url);
    this.post({ kind: 'up', url });
  }

  /**
   * Starts the shutdown clock. Returns the deadline: `deadline`, or in the coordinating thread the
   * latest of its workers' deadlines when that is earlier (they stopped first; its own flush is small).
   */
  beginShutdown(deadline: number): number {
    this.shuttingDown = true;
    if (!isMainThread) this.post({ kind: 'deadline', at: deadline });
    this.deadline = Number.isFinite(this.workersDeadline) ? Math.min(deadline, this.workersDeadline) : deadline;
    this.deadlineTimer = setTimeout(() => this.abort('deadline'), Math.max(0, this.deadline - Date.now()));
    this.deadlineTimer.unref();
    if (this.down) this.abort('down');
    return this.deadline;
  }

  close(): void {
    clearTimeout(this.deadlineTimer);
    this.channel.close();
  }

  private receive(m: LinkMessage): void {
    if (m.kind === 'down') {
      if (this.downState === undefined) this.setDown({ url: m.url, reason: m.reason, failure: m.failure });
    } else if (m.kind === 'up') {
      if (this.downState !== undefined) this.setUp(m.url);
    } else if (isMainThread && !this.shuttingDown) {
      this.workersDeadline = Math.max(this.workersDeadline, m.at);
    }
  }

  private setDown(state: DownState): void {
    this.downState = state;
    const dir = this.opts.spillDir;
    const url = redactUrl(state.url);
    const what = state.failure === 'unreachable' ? `collector unreachable at ${url}`
      : state.failure === 'http' ? `collector at ${url} failed an export` : `collector at ${url} did not answer by the shutdown deadline`;
    this.opts.warn?.(`${what} (${state.reason}): spilling batches to ${dir}; resend with \`scaletrace replay ${dir}\``);
    for (const listener of this.downListeners) listener();
    if (this.shuttingDown) this.abort('down');
  }

  private setUp(url: string): void {
    this.downState = undefined;
    this.opts.warn?.(`collector at ${redactUrl(url)} answers again: exporting resumed (what was spilled stays in ${this.opts.spillDir})`);
  }

  private abort(why: 'down' | 'deadline'): void {
    if (!this.aborter.signal.aborted) this.aborter.abort(new ExportAbortedError(why));
  }

  private post(m: LinkMessage): void {
    try {
      this.channel.postMessage(m);
    } catch {
      // closed at shutdown: nobody is left to tell
    }
  }
}

/** The reason of `CollectorLink.signal`: the export was cut short on purpose, its batch is spilled. */
export class ExportAbortedError extends Error {
  override name = 'ExportAbortedError';

  constructor(readonly why: 'down' | 'deadline') {
    super(why === 'down' ? 'the collector is down' : 'the telemetry shutdown deadline passed');
  }
}
