import { rootCertificates } from 'node:tls';
import { Pool } from 'undici';
import type { IterationScope } from './iteration-scope';
import type { HttpOptions, TransportSpec } from '../scenario';
import { CONNECT_ERROR_TYPES } from './classify-error';
import { DeadlineQueue, type DeadlineNode } from './deadline-queue';
import { Exchange, type ExchangeOwner, type ExchangeSink } from './exchange';
import { redactPath, type PreparedRequest, type TemplateContext } from './prepared-request';
import { newSpanId, newTraceIds, traceparent } from './trace-ids';
import type { RequestRecord, RunObserver } from './types';

/** After a refused connect, requests to that origin fail at once for this long instead of each opening a socket. */
export const FAIL_FAST_MS = 20;

/** A keep-alive pool and whether its target is known to be down right now. */
interface Origin {
  pool: Pool;
  downUntil: number;
  downError: Error | undefined;
}

/**
 * Sends prepared requests over one keep-alive undici Pool per origin and turns each into exactly
 * one RequestRecord (response, transport error, timeout or abort). Owns the in-flight registry.
 */
export class RequestSender implements ExchangeSink {
  private readonly origins = new Map<string, Origin>();
  private readonly free: Exchange[] = [];
  private readonly queues = new Map<number, DeadlineQueue>();
  private readonly ctx: TemplateContext = { vu: 0, iteration: 0 };
  private readonly expireBound = (node: DeadlineNode): void => this.expire(node);
  private idleWaiters: (() => void)[] = [];
  inFlight = 0;
  sent = 0;
  completed = 0;

  constructor(
    readonly clock: () => number,
    private readonly http: HttpOptions,
    private readonly observer: RunObserver,
  ) {}

  /**
   * `intended` is the scheduled send time; undefined means "now" (closed model: no schedule to lag
   * behind). `scope`: the iteration's data rows, captured values, cookies and (flows) trace.
   */
  send(req: PreparedRequest, stage: number, vu: number, iteration: number, intended: number | undefined, owner?: ExchangeOwner, scope?: IterationScope): void {
    const ex = this.free.pop() ?? new Exchange(this);
    ex.req = req;
    ex.owner = owner;
    ex.scope = scope;
    if (scope?.traceId !== undefined) {
      ex.traceId = scope.traceId;
      ex.spanId = newSpanId();
    } else {
      const ids = newTraceIds();
      ex.traceId = ids.traceId;
      ex.spanId = ids.spanId;
    }
    ex.stage = stage;
    ex.vu = vu;
    ex.iteration = iteration;

    const opts = ex.opts;
    const headers = ex.headerList;
    const constant = req.headers;
    let n = 0;
    for (; n < constant.length; n++) headers[n] = constant[n] as string;
    let path = req.path;
    if (req.renderPath !== undefined || req.renderBody !== undefined || req.templatedHeaders.length > 0) {
      const ctx = this.ctx;
      ctx.vu = vu;
      ctx.iteration = iteration;
      ctx.data = scope?.data;
      ctx.vars = scope?.vars;
      if (req.renderPath !== undefined) path = req.basePath + req.renderPath(ctx);
      for (const h of req.templatedHeaders) {
        headers[n++] = h.name;
        headers[n++] = h.render(ctx);
      }
      opts.body = req.renderBody !== undefined ? req.renderBody(ctx) : (req.body ?? null);
    } else {
      opts.body = req.body ?? null;
    }
    const jar = req.cookies ? scope?.jar : undefined;
    if (jar !== undefined) {
      const cookie = jar.getCookieStringSync(req.targetOrigin + (path as string));
      if (cookie !== '') {
        headers[n++] = 'cookie';
        headers[n++] = cookie;
      }
    }
    headers[n++] = 'traceparent';
    headers[n++] = traceparent(ex.traceId, ex.spanId);
    headers.length = n;
    ex.url = req.url ?? req.urlPrefix + redactPath(path as string);
    opts.path = path as string;
    opts.method = req.method;
    opts.headers = headers;

    this.inFlight++;
    this.sent++;
    const now = this.clock();
    ex.start = now;
    ex.intendedStart = intended ?? now;
    this.queueFor(req.timeoutMs).push(ex, now);
    ex.dispatching = true;
    const origin = this.originFor(req);
    if (origin.downError !== undefined && now < origin.downUntil) {
      // A refused-connection storm would otherwise cost a socket (and a core) per request.
      ex.failedFast = true;
      ex.onError(origin.downError);
    } else {
      origin.pool.dispatch(opts, ex);
    }
    if (ex.req === req) ex.dispatching = false;
  }

  /** Ends every in-flight request now with `errorType` (graceful-stop expiry). */
  cancelAll(errorType: string, message: string): void {
    for (const q of this.queues.values()) {
      for (const node of q.drain()) (node as Exchange).cancel(errorType, message);
    }
  }

  /** Resolves when nothing is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  recorded(ex: Exchange, record: RequestRecord): void {
    ex.queue?.remove(ex);
    if (!ex.failedFast && record.errorType !== undefined && CONNECT_ERROR_TYPES.has(record.errorType)) this.markDown(ex, record);
    this.inFlight--;
    this.completed++;
    this.observer.onRequest(record);
    const owner = ex.owner;
    if (owner !== undefined) owner.onRequestDone(record, ex.dispatching);
    if (this.inFlight === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  settled(ex: Exchange): void {
    ex.reset();
    this.free.push(ex);
  }

  async close(): Promise<void> {
    for (const q of this.queues.values()) q.disarm();
    const pools = [...this.origins.values()].map((o) => o.pool);
    this.origins.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
  }

  private expire(node: DeadlineNode): void {
    const ex = node as Exchange;
    ex.cancel('timeout', 'no response within ' + (ex.req?.timeoutMs ?? 0) + ' ms');
  }

  private queueFor(timeoutMs: number): DeadlineQueue {
    let q = this.queues.get(timeoutMs);
    if (q === undefined) {
      q = new DeadlineQueue(timeoutMs, this.clock, this.expireBound);
      this.queues.set(timeoutMs, q);
    }
    return q;
  }

  private markDown(ex: Exchange, record: RequestRecord): void {
    const origin = this.originFor(ex.req as PreparedRequest);
    const message = (record.errorMessage ?? record.errorType) + ` (not sent: the target refused a connection < ${FAIL_FAST_MS} ms earlier)`;
    origin.downError = Object.assign(new Error(message), { code: record.errorType });
    origin.downUntil = record.end + FAIL_FAST_MS;
  }

  private originFor(req: PreparedRequest): Origin {
    const key = req.origin;
    let origin = this.origins.get(key);
    if (origin === undefined) {
      const pool = new Pool(req.targetOrigin, {
        connections: this.http.connections,
        pipelining: this.http.pipelining,
        // Our own deadline queues time requests from dispatch (queueing included); undici's would not.
        headersTimeout: 0,
        bodyTimeout: 0,
        ...transportOptions(req.transport),
      });
      origin = { pool, downUntil: 0, downError: undefined };
      this.origins.set(key, origin);
    }
    return origin;
  }
}

/** `http2:` and `tls:` as undici Pool options (ALPN picks h2 when the server offers it; a `ca` adds to the system's roots). */
function transportOptions(t: TransportSpec): Pick<Pool.Options, 'allowH2' | 'connect'> {
  if (!t.http2 && t.tls === undefined) return {};
  return {
    ...(t.http2 ? { allowH2: true } : {}),
    ...(t.tls !== undefined ? { connect: { ...(t.tls.ca !== undefined ? { ca: [...rootCertificates, t.tls.ca] } : {}), rejectUnauthorized: !t.tls.insecure } } : {}),
  };
}
