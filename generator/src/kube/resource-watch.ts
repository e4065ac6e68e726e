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
  list: () => Promise<{ items: KubeObjectLike[]; resourceVersion: string }>;
  client: WatchClient;
  watchdogMs: number;
  onChange: (type: ChangeType, object: KubeObjectLike) => void;
  /** 401/403: the watch stops for good; called once. */
  onDenied: (verb: 'list' | 'watch', status: number) => void;
  log: (message: string) => void;
  backoff?: { initialMs: number; maxMs: number };
  /** A list unanswered this long is abandoned and retried (default: max(watchdogMs, 10 s)). */
  listTimeoutMs?: number;
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
 * since client-node 1.x watches have no timeout of their own. Objects are de-duplicated by
 * resourceVersion, so a relist only reports what really changed (and deletions missed meanwhile).
 */
export class ResourceWatch {
  private readonly known = new Map<string, string>();
  private resourceVersion?: string;
  private stopped = false;
  private abort?: () => void;
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

  /** Ends the watch; a request stuck on a dead connection does not hold it up for more than 2 s. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.();
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
      listed = await withTimeout(this.opts.list(), this.opts.listTimeoutMs ?? Math.max(this.opts.watchdogMs, 10_000));
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

  private watchOnce(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let watchdog: NodeJS.Timeout | undefined;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(watchdog);
        this.abort = undefined;
        if (error) reject(error); else resolve();
      };
      const arm = (): void => {
        clearTimeout(watchdog);
        // Events can still arrive between finish() and the abort taking effect: never re-arm then.
        if (settled) return;
        watchdog = setTimeout(() => {
          // Settle first: aborting makes client-node call done() at once, which would look like a clean end.
          finish(new SilentError(`no event or bookmark for ${this.opts.watchdogMs} ms (half-open connection?)`));
          controller?.abort();
        }, this.opts.watchdogMs);
        watchdog.unref();
      };
      let controller: AbortController | undefined;
      this.abort = () => { finish(); controller?.abort(); };
      arm();
      // Server-side timeout 4–6 min, randomised like client-go, so watches do not all reconnect at once.
      const timeoutSeconds = String(240 + Math.floor(Math.random() * 120));
      this.opts.client.watch(this.opts.path, {
        ...this.opts.query, allowWatchBookmarks: 'true', timeoutSeconds, resourceVersion: this.resourceVersion ?? '',
      }, (type, object) => {
        if (settled) return;
        arm();
        this.failures = 0; // established: the next failure starts the backoff afresh
        if (type === 'BOOKMARK') {
          const rv = object.metadata?.resourceVersion;
          if (rv) this.resourceVersion = rv;
          return;
        }
        if (type === 'ERROR') {
          const code = (object as { code?: number }).code;
          finish(code === 410 ? new GoneError('410 Gone') : new StatusError(code ?? 500, (object as { message?: string }).message ?? 'watch error'));
          controller?.abort();
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
      }, (error) => {
        if (error && statusOf(error) === 410) finish(new GoneError('410 Gone'));
        else if (error && statusOf(error) !== undefined) finish(new StatusError(statusOf(error) as number, (error as Error).message));
        else finish(error && !(error as Error).name?.includes('Abort') ? error as Error : undefined);
      }).then((c) => {
        controller = c;
        if (settled) c.abort();
        else this.failures = 0; // the server answered 200: the watch is established
      }, (error: unknown) => finish(error as Error));
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
      this.sleepTimer.unref();
    });
  }
}

/** A list on a dead connection would hang forever (client-node lists have no timeout). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
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
