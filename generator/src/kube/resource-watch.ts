import type { KubeObjectLike, WatchClient } from './client';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ResourceWatchOptions {
  /** Plural resource name and API group, for messages and RBAC hints ("events", ""). */
  resource: string;
  group: string;
  namespace: string;
  /** Watch path, e.g. /apis/autoscaling/v2/namespaces/ml/horizontalpodautoscalers */
  path: string;
  query?: Record<string, string>;
  /** One list request, aborted through `signal` when the watch stops (its time bound is the client's). */
  list: (signal: AbortSignal) => Promise<{ items: KubeObjectLike[]; resourceVersion: string }>;
  client: WatchClient;
  watchdogMs: number;
  onChange: (type: ChangeType, object: KubeObjectLike) => void;
  /** 401/403: the watch stops for good; called once. */
  onDenied: (verb: 'list' | 'watch', status: number) => void;
  log: (message: string) => void;
  backoff?: { initialMs: number; maxMs: number };
  now: () => number;
}

class GoneError extends Error {}
class SilentError extends Error {}
class StatusError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

/**
 * An informer for one resource: list, then watch from the list's resourceVersion; relist on
 * 410 Gone; re-watch after a server-side timeout; reconnect with exponential backoff and jitter on
 * any other failure; abort a watch that has been silent (no event, no BOOKMARK) for watchdogMs,
 * since client-node 1.x watches have no timeout of their own. Every request it makes is aborted on
 * stop(), answered or not. Objects are de-duplicated by resourceVersion, so a relist only reports
 * what really changed (and deletions missed meanwhile).
 */
export class ResourceWatch {
  private readonly known = new Map<string, string>();
  private resourceVersion?: string;
  private stopped = false;
  /** Aborted by stop(): every list and watch request in flight. */
  private readonly stopping = new AbortController();
  private sleepTimer?: NodeJS.Timeout;
  private wake?: () => void;
  private running?: Promise<void>;
  /** Consecutive failures since a watch was last established (the backoff exponent). */
  private failures = 0;
  restarts = 0;

  constructor(private readonly opts: ResourceWatchOptions) {}

  /**
   * Resolves after the first list and keeps watching. Rejects only when that list is denied
   * (401/403, reported through onDenied); any other failure is retried in the background.
   */
  async start(): Promise<void> {
    try {
      await this.relist();
    } catch (error) {
      if (this.stopped) throw error;
      this.opts.log(`list ${this.opts.resource}: ${(error as Error).message}; retrying in the background`);
    }
    this.running = this.loop();
  }

  /** Ends the watch, aborting its requests; a client that ignores the abort holds it up for at most 2 s. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.sleepTimer);
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise<void>((resolve) => { timer = setTimeout(resolve, 2000); })]);
    clearTimeout(timer);
  }

  private async loop(): Promise<void> {
    let silentWatches = 0;
    while (!this.stopped) {
      const startedAt = Date.now();
      try {
        if (this.resourceVersion === undefined) await this.relist();
        await this.watchOnce();
        // A clean end (server timeout, cut stream): re-watch at once, unless streams end as soon as they open.
        if (Date.now() - startedAt < 1000) await this.sleep(1000 * (0.8 + Math.random() * 0.4));
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof StatusError && (error.status === 401 || error.status === 403)) {
          this.opts.onDenied('watch', error.status);
          return;
        }
        if (error instanceof GoneError) {
          // Our version was compacted away: list again (the dedupe map keeps episodes from doubling).
          this.resourceVersion = undefined;
          this.restarts++;
          this.opts.log(`watch ${this.opts.resource}: 410 Gone (resourceVersion compacted); relisting`);
          continue;
        }
        this.restarts++;
        if (error instanceof SilentError) {
          // The watchdog already waited watchdogMs: re-watch at once (a quiet resource must not drift into long backoffs).
          silentWatches++;
          if (silentWatches === 1 || silentWatches % 10 === 0) this.opts.log(`watch ${this.opts.resource}: ${error.message}; re-watching`);
          continue;
        }
        this.failures++;
        const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 500, maxMs: 30_000 };
        const delay = Math.min(maxMs, initialMs * 2 ** (this.failures - 1)) * (0.8 + Math.random() * 0.4);
        if (this.failures === 1 || this.failures % 10 === 0) this.opts.log(`watch ${this.opts.resource}: ${(error as Error).message}; reconnecting in ${Math.round(delay)} ms`);
        await this.sleep(delay);
      }
    }
  }

  private async relist(): Promise<void> {
    let listed: { items: KubeObjectLike[]; resourceVersion: string };
    try {
      listed = await this.opts.list(this.stopping.signal);
    } catch (error) {
      const status = statusOf(error);
      if (status === 401 || status === 403) {
        this.opts.onDenied('list', status);
        this.stopped = true;
      }
      throw error;
    }
    const seen = new Set<string>();
    for (const item of listed.items) {
      const key = keyOf(item);
      seen.add(key);
      const rv = item.metadata?.resourceVersion ?? '';
      const previous = this.known.get(key);
      if (previous === rv) continue;
      this.known.set(key, rv);
      this.opts.onChange(previous === undefined ? 'ADDED' : 'MODIFIED', item);
    }
    for (const key of [...this.known.keys()]) {
      if (seen.has(key)) continue;
      this.known.delete(key);
      this.opts.onChange('DELETED', { metadata: { name: key.split('/')[1] ?? key, namespace: this.opts.namespace } });
    }
    this.resourceVersion = listed.resourceVersion;
  }

  private async watchOnce(): Promise<void> {
    const request = new AbortController();
    const onStop = (): void => request.abort();
    this.stopping.signal.addEventListener('abort', onStop, { once: true });
    /** Why this side ended the watch (a silent stream, an ERROR event), if it did. */
    let ended: Error | undefined;
    const end = (why: Error): void => {
      ended ??= why;
      request.abort();
    };
    let watchdog: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => end(new SilentError(`no event or bookmark for ${this.opts.watchdogMs} ms (half-open connection?)`)), this.opts.watchdogMs);
      watchdog.unref();
    };
    arm();
    // Server-side timeout 4–6 min, randomised like client-go, so watches do not all reconnect at once.
    const timeoutSeconds = String(240 + Math.floor(Math.random() * 120));
    try {
      await this.opts.client.watch({
        path: this.opts.path,
        query: { ...this.opts.query, allowWatchBookmarks: 'true', timeoutSeconds, resourceVersion: this.resourceVersion ?? '' },
        signal: request.signal,
        onOpen: () => { this.failures = 0; }, // the server answered 200: the next failure starts the backoff afresh
        onEvent: (type, object) => {
          if (request.signal.aborted) return; // events still buffered when we ended the watch
          arm();
          this.onWatchEvent(type, object, end);
        },
      });
    } catch (error) {
      if (ended === undefined && !request.signal.aborted) {
        const status = statusOf(error);
        if (status === 410) throw new GoneError('410 Gone');
        if (status !== undefined) throw new StatusError(status, (error as Error).message);
        throw error;
      }
    } finally {
      clearTimeout(watchdog);
      this.stopping.signal.removeEventListener('abort', onStop);
    }
    if (ended !== undefined) throw ended;
  }

  private onWatchEvent(type: string, object: KubeObjectLike, end: (why: Error) => void): void {
    if (type === 'BOOKMARK') {
      const rv = object.metadata?.resourceVersion;
      if (rv) this.resourceVersion = rv;
      return;
    }
    if (type === 'ERROR') {
      const code = (object as { code?: number }).code;
      end(code === 410 ? new GoneError('410 Gone') : new StatusError(code ?? 500, (object as { message?: string }).message ?? 'watch error'));
      return;
    }
    const rv = object.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    const key = keyOf(object);
    if (type === 'DELETED') {
      if (!this.known.delete(key)) return;
    } else {
      if (this.known.get(key) === rv) return;
      this.known.set(key, rv ?? '');
    }
    this.opts.onChange(type as ChangeType, object);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
      this.sleepTimer.unref();
    });
  }
}

function keyOf(o: KubeObjectLike): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

/** HTTP status of a client-node error (ApiException.code, Watch error.statusCode). */
export function statusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown } | undefined;
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return undefined;
}
