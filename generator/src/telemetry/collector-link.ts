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
  /** Default PROBE_INTERVAL_MS (tests shorten it). */
  probeIntervalMs?: number;
}

/** How the collector failed us: no answer to an attempt, an export it failed, or still no answer at the shutdown deadline. */
export type FailureKind = 'unreachable' | 'http' | 'deadline';

interface DownState { url: string; reason: string; failure: FailureKind }

type LinkMessage =
  | ({ kind: 'down' } & DownState)
  | { kind: 'up'; url: string }
  | { kind: 'undelivered' }
  | { kind: 'deadline'; at: number };

/**
 * While a collector is down, each thread sends at most one export to it at a time (the first at
 * once, then at most one per this interval) to find out it is back; every other export is spilled
 * at once.
 */
export const PROBE_INTERVAL_MS = 1000;

/**
 * What one thread's exporters (traces, metrics, logs) know about one collector, shared so a refused
 * connection seen by one stops the others sending to the same endpoint origin from each waiting out
 * a timeout (signals sent to another collector, OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT, have their own):
 * - down after a connection-level failure (refused, reset, no answer within the export timeout)
 *   or an export the collector failed; up again after any export succeeds;
 * - while down, `claimProbe` lets one export at a time (at most one per PROBE_INTERVAL_MS) go out
 *   as the probe for the collector's return, whatever signal it carries: the rest is spilled at once;
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
  private probing = false;
  private lastProbeAt = -Infinity;
  /** Exports not delivered since the collector went down (this thread's and, relayed, its workers'). */
  private undelivered = 0;

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
   * While down: whether this export may go out as the probe for the collector's return (then end
   * it with `probeEnded`); false means spill it now. Always true while up.
   */
  claimProbe(now = Date.now()): boolean {
    if (this.downState === undefined) return true;
    if (this.probing || now - this.lastProbeAt < (this.opts.probeIntervalMs ?? PROBE_INTERVAL_MS)) return false;
    this.probing = true;
    this.lastProbeAt = now;
    return true;
  }

  probeEnded(): void {
    this.probing = false;
  }

  /** An export was not delivered (its caller spills it): counted for the "reachable again" notice. */
  notDelivered(): void {
    if (this.downState === undefined) return;
    this.undelivered++;
    this.post({ kind: 'undelivered' });
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
    } else if (m.kind === 'undelivered') {
      if (this.downState !== undefined) this.undelivered++;
    } else if (isMainThread && !this.shuttingDown) {
      this.workersDeadline = Math.max(this.workersDeadline, m.at);
    }
  }

  private setDown(state: DownState): void {
    this.downState = state;
    this.undelivered = 0;
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
    const dir = this.opts.spillDir;
    const n = this.undelivered;
    const spilled = n === 0 ? 'nothing was spilled' : `${n} ${n === 1 ? 'batch was' : 'batches were'} spilled to ${dir} — resend with \`scaletrace replay ${dir}\``;
    this.opts.warn?.(`collector at ${redactUrl(url)} is reachable again; ${spilled}`);
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
