import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import { Agent, request } from 'undici';
import { ExportAbortedError, type CollectorLink } from './collector-link';
import type { OtlpSignalConfig } from './otlp-config';

const gzip = promisify(gzipCb);

/** The OTLP/HTTP exporter spec's retryable statuses; the rest of 4xx/5xx are final. */
const RETRYABLE = new Set([429, 502, 503, 504]);
// Retry schedule of the opentelemetry-js exporters: 1 s × 1.5ⁿ (±20 %), capped at 5 s, 5 retries.
const MAX_RETRIES = 5;
const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 5000;

export type SendResult = { ok: true } | { ok: false; error: string };

/**
 * POSTs OTLP request bodies to one signal's endpoint over an undici keep-alive pool, retrying
 * network errors and retryable statuses (honouring Retry-After) until the export timeout.
 * Tells the link at once when an attempt gets no answer (refused, reset, timed out), and gives
 * up early when the link aborts (shutdown deadline, or collector down during shutdown).
 * Every signal sends through here, so this is where a down collector is handled: while the link
 * is down a body fails at once (the caller spills it) unless the link grants it the probe, which
 * makes one attempt without retries; its success brings the link up for every signal.
 * Used instead of the 0.223 OTLP*Exporter classes: their transport loads node:http through a
 * dynamic import(), which jest's VM cannot run, so in-process tests could not exercise them.
 */
export class OtlpHttpSender {
  private readonly agent: Agent;
  private readonly headers: Record<string, string>;

  constructor(private readonly config: OtlpSignalConfig, connections: number, private readonly link?: CollectorLink) {
    this.agent = new Agent({ connections, keepAliveTimeout: 30_000 });
    this.headers = {
      'user-agent': 'scaletrace-otlp',
      ...config.headers,
      'content-type': config.protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
      ...(config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
    };
  }

  get url(): string {
    return this.config.url;
  }

  /** Never rejects; a failed result means the caller spills the body. */
  async send(body: Uint8Array): Promise<SendResult> {
    const link = this.link;
    if (link === undefined) return this.deliver(body, false);
    let result: SendResult;
    if (!link.down) {
      result = await this.deliver(body, false);
    } else if (link.claimProbe()) {
      try {
        result = await this.deliver(body, true);
      } finally {
        link.probeEnded();
      }
    } else {
      result = { ok: false, error: 'collector down' };
    }
    if (!result.ok) link.notDelivered();
    return result;
  }

  private async deliver(body: Uint8Array, probe: boolean): Promise<SendResult> {
    const deadline = Date.now() + this.config.timeoutMs;
    const payload = this.config.compression === 'gzip' ? await gzip(body) : body;
    let backoff = INITIAL_BACKOFF_MS;
    for (let retry = 0; ; retry++) {
      const attempt = await this.attempt(payload, deadline);
      if (attempt.ok) {
        this.link?.succeeded(this.config.url);
        return attempt;
      }
      if (attempt.aborted) {
        // Cut at the shutdown deadline while still waiting: the collector did not answer in time.
        if (attempt.atDeadline) this.link?.failed(this.config.url, `OTEL_EXPORTER_OTLP_TIMEOUT ${this.config.timeoutMs} ms`, 'deadline');
        return { ok: false, error: attempt.error };
      }
      // No answer at all: say so now, not after the retries (the other batches then go to disk).
      if (!attempt.http) this.link?.failed(this.config.url, attempt.error);
      const wait = attempt.retryAfterMs ?? backoff * (0.8 + Math.random() * 0.4);
      backoff = Math.min(backoff * 1.5, MAX_BACKOFF_MS);
      if (probe || !attempt.retryable || retry >= MAX_RETRIES || Date.now() + wait >= deadline || !(await this.pause(wait))) {
        if (attempt.http) this.link?.failed(this.config.url, attempt.error, 'http');
        return { ok: false, error: attempt.error };
      }
    }
  }

  /** Releases the pool; anything still in flight is cut (callers have spilled it). */
  close(): Promise<void> {
    return this.agent.destroy();
  }

  /** Waits `ms`; false when the link aborted meanwhile. */
  private pause(ms: number): Promise<boolean> {
    const signal = this.link?.signal;
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (): void => { clearTimeout(timer); resolve(false); };
      const timer = setTimeout(() => { signal?.removeEventListener('abort', done); resolve(true); }, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private async attempt(payload: Uint8Array, deadline: number): Promise<Attempt> {
    const remaining = Math.max(1, deadline - Date.now());
    const linkSignal = this.link?.signal;
    if (linkSignal?.aborted) return { ok: false, retryable: false, aborted: true, http: false, error: abortReason(linkSignal).message };
    // One controller per attempt, unhooked when it ends (AbortSignal.any on the run-long link
    // signal would keep a listener per export for the whole run).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(); }, remaining);
    const onLinkAbort = (): void => controller.abort();
    linkSignal?.addEventListener('abort', onLinkAbort, { once: true });
    try {
      const res = await request(this.config.url, {
        method: 'POST', headers: this.headers, body: payload, dispatcher: this.agent,
        signal: controller.signal, headersTimeout: remaining, bodyTimeout: remaining,
      });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true };
      return {
        ok: false, retryable: RETRYABLE.has(res.statusCode), http: true,
        retryAfterMs: retryAfterMs(res.headers['retry-after']), error: `HTTP ${res.statusCode}`,
      };
    } catch (error) {
      if (linkSignal?.aborted && !timedOut) {
        const reason = abortReason(linkSignal);
        return { ok: false, retryable: false, aborted: true, atDeadline: reason.why === 'deadline', http: false, error: reason.message };
      }
      const e = error as Error & { code?: unknown };
      const noAnswer = timedOut || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT';
      const reason = noAnswer ? `no answer within ${this.config.timeoutMs} ms` : typeof e.code === 'string' ? e.code : e.message;
      return { ok: false, retryable: Date.now() < deadline, http: false, error: reason };
    } finally {
      clearTimeout(timer);
      linkSignal?.removeEventListener('abort', onLinkAbort);
    }
  }
}

type Attempt = { ok: true } | {
  ok: false; retryable: boolean; http: boolean; retryAfterMs?: number; error: string;
  /** Cut short by the link; `atDeadline` when the shutdown deadline passed while it waited. */
  aborted?: boolean; atDeadline?: boolean;
};

function abortReason(signal: AbortSignal): ExportAbortedError {
  const reason: unknown = signal.reason;
  return reason instanceof ExportAbortedError ? reason : new ExportAbortedError('deadline');
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
