import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import { Agent, request } from 'undici';
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
 * Used instead of the 0.223 OTLP*Exporter classes: their transport loads node:http through a
 * dynamic import(), which jest's VM cannot run, so in-process tests could not exercise them.
 */
export class OtlpHttpSender {
  private readonly agent: Agent;
  private readonly headers: Record<string, string>;

  constructor(private readonly config: OtlpSignalConfig, connections: number) {
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

  async send(body: Uint8Array): Promise<SendResult> {
    const deadline = Date.now() + this.config.timeoutMs;
    const payload = this.config.compression === 'gzip' ? await gzip(body) : body;
    let backoff = INITIAL_BACKOFF_MS;
    for (let retry = 0; ; retry++) {
      const attempt = await this.attempt(payload, deadline);
      if (attempt.ok) return attempt;
      const wait = attempt.retryAfterMs ?? backoff * (0.8 + Math.random() * 0.4);
      backoff = Math.min(backoff * 1.5, MAX_BACKOFF_MS);
      if (!attempt.retryable || retry >= MAX_RETRIES || Date.now() + wait >= deadline) return { ok: false, error: attempt.error };
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async attempt(payload: Uint8Array, deadline: number):
  Promise<{ ok: true } | { ok: false; retryable: boolean; retryAfterMs?: number; error: string }> {
    const remaining = Math.max(1, deadline - Date.now());
    try {
      const res = await request(this.config.url, {
        method: 'POST', headers: this.headers, body: payload, dispatcher: this.agent,
        signal: AbortSignal.timeout(remaining), headersTimeout: remaining, bodyTimeout: remaining,
      });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true };
      return {
        ok: false, retryable: RETRYABLE.has(res.statusCode),
        retryAfterMs: retryAfterMs(res.headers['retry-after']), error: `HTTP ${res.statusCode}`,
      };
    } catch (error) {
      const e = error as Error & { code?: string };
      return { ok: false, retryable: Date.now() < deadline, error: e.code ?? e.message };
    }
  }
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
