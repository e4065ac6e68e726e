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
  now: () => number;
}

class GoneError extends Error {}
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
  restarts = 0;

  constructor(private readonly opts: ResourceWatchOptions) {}

  /** Resolves after the first list (rejects when it is denied or fails), then keeps watching. */
  async start(): Promise<void> {
    await this.relist();
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.();
    clearTimeout(this.sleepTimer);
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === undefined) await this.relist();
        await this.watchOnce();
        failures = 0;
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
        failures++;
        this.restarts++;
        const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 500, maxMs: 30_000 };
        const delay = Math.min(maxMs, initialMs * 2 ** (failures - 1)) * (0.8 + Math.random() * 0.4);
        if (failures === 1 || failures % 10 === 0) this.opts.log(`watch ${this.opts.resource}: ${(error as Error).message}; reconnecting in ${Math.round(delay)} ms`);
        await this.sleep(delay);
      }
    }
  }

  private async relist(): Promise<void> {
    let listed: { items: KubeObjectLike[]; resourceVersion: string };
    try {
      listed = await this.opts.list();
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
          finish(new Error(`no event or bookmark for ${this.opts.watchdogMs} ms (half-open connection?)`));
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
