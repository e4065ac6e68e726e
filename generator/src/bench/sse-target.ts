import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';

/**
 * The LLM-serving shape for `npm run bench`: `POST /v1/chat/completions` answers with an
 * OpenAI chat-completions stream (`text/event-stream`, one `data: {chunk}` event per token, then
 * a `usage` chunk and `data: [DONE]`), a token every `tokenMs` for `responseMs`. Token i is due at
 * arrival + i × tokenMs (no drift), and the target records what it actually did, so the
 * generator's time-to-first-token and inter-token figures can be checked against it.
 */
export interface SseTargetOptions {
  /** From the request's arrival to the last token (default 5000). */
  responseMs: number;
  /** Between tokens, and from the arrival to the first one (default 50). */
  tokenMs: number;
}

export interface TimingStats { count: number; p50: number; p99: number; max: number }

/** `GET /__bench/stats`: what the target sent since the last reset (times in ms). */
export interface SseTargetStats {
  tokensPerResponse: number;
  started: number;
  completed: number;
  /** Streams the client closed before the last token. */
  aborted: number;
  active: number;
  peakActive: number;
  /** Arrival → first token written. */
  ttftMs: TimingStats;
  /** Per stream: (last token − first token) ÷ (tokens − 1), what the generator calls TPOT. */
  tpotMs: TimingStats;
  /** Every token: written − due; how far the target itself fell behind its schedule. */
  lateMs: TimingStats;
}

export interface SseTarget {
  url: string;
  stats(): SseTargetStats;
  reset(): void;
  close(): Promise<void>;
}

export const COMPLETIONS_PATH = '/v1/chat/completions';

interface Stream {
  res: http.ServerResponse;
  arrivedAt: number;
  /** The next token, from 1. */
  next: number;
  firstAt: number;
  prefix: string;
  closed: boolean;
}

/** Tokens due in the same millisecond share a bucket; one 1 ms interval writes them (200k writes/s at 10,000 streams). */
class TokenClock {
  private readonly buckets = new Map<number, Stream[]>();
  private nextMs = Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly emit: (s: Stream, now: number) => void) {}

  schedule(s: Stream, dueMs: number): void {
    const key = Math.ceil(dueMs);
    const list = this.buckets.get(key);
    if (list === undefined) this.buckets.set(key, [s]);
    else list.push(s);
    if (key < this.nextMs) this.nextMs = key;
    this.timer ??= setInterval(() => this.tick(), 1);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.buckets.clear();
  }

  private tick(): void {
    const now = performance.now();
    for (; this.nextMs <= now; this.nextMs++) {
      const list = this.buckets.get(this.nextMs);
      if (list === undefined) continue;
      this.buckets.delete(this.nextMs);
      for (const s of list) this.emit(s, now);
    }
    if (this.buckets.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.nextMs = Infinity;
    }
  }
}

export function startSseTarget(options: Partial<SseTargetOptions> = {}, port = 0): Promise<SseTarget> {
  const responseMs = options.responseMs ?? 5000;
  const tokenMs = options.tokenMs ?? 50;
  const tokens = Math.max(1, Math.round(responseMs / tokenMs));
  let counts = { started: 0, completed: 0, aborted: 0, peakActive: 0 };
  let active = 0;
  // microseconds: createHistogram records integers ≥ 1
  let ttft = createHistogram();
  let tpot = createHistogram();
  let late = createHistogram();
  let nextId = 0;
  const created = Math.floor(Date.now() / 1000);

  const finish = (s: Stream): void => {
    s.closed = true;
    active--;
  };
  const emit = (s: Stream, now: number): void => {
    if (s.closed) return;
    const i = s.next;
    record(late, now - (s.arrivedAt + i * tokenMs));
    if (i === 1) {
      s.firstAt = now;
      record(ttft, now - s.arrivedAt);
    }
    const delta = i === 1 ? '{"role":"assistant","content":"tok"}' : '{"content":" tok"}';
    const event = `${s.prefix}[{"index":0,"delta":${delta},"finish_reason":null}]}\n\n`;
    if (i < tokens) {
      s.res.write(event);
      s.next++;
      clock.schedule(s, s.arrivedAt + s.next * tokenMs);
      return;
    }
    // The last token, the finish chunk, usage and [DONE] in one write: the body ends with the last token.
    s.res.end(`${event}${s.prefix}[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n`
      + `${s.prefix}[],"usage":{"prompt_tokens":8,"completion_tokens":${tokens},"total_tokens":${tokens + 8}}}\n\n`
      + 'data: [DONE]\n\n');
    if (tokens > 1) record(tpot, (now - s.firstAt) / (tokens - 1));
    counts.completed++;
    finish(s);
  };
  const clock = new TokenClock(emit);

  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === COMPLETIONS_PATH) {
      const arrivedAt = performance.now();
      req.resume();
      const id = nextId++;
      const s: Stream = {
        res, arrivedAt, next: 1, firstAt: 0, closed: false,
        prefix: `data: {"id":"chatcmpl-${id}","object":"chat.completion.chunk","created":${created},"model":"scaletrace-bench","choices":`,
      };
      counts.started++;
      active++;
      if (active > counts.peakActive) counts.peakActive = active;
      res.once('close', () => {
        if (s.closed) return;
        counts.aborted++;
        finish(s);
      });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      // headers now, tokens later: time to first byte ≠ time to first token, as with a model server
      res.flushHeaders();
      clock.schedule(s, arrivedAt + tokenMs);
      return;
    }
    req.resume();
    if (req.url === '/__bench/stats') {
      const stats: SseTargetStats = {
        tokensPerResponse: tokens, ...counts, active, ttftMs: ms(ttft), tpotMs: ms(tpot), lateMs: ms(late),
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    } else if (req.method === 'POST' && req.url === '/__bench/reset') {
      reset();
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  const reset = (): void => {
    counts = { started: 0, completed: 0, aborted: 0, peakActive: active };
    ttft = createHistogram();
    tpot = createHistogram();
    late = createHistogram();
  };
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        stats: () => ({ tokensPerResponse: tokens, ...counts, active, ttftMs: ms(ttft), tpotMs: ms(tpot), lateMs: ms(late) }),
        reset,
        close: () => new Promise<void>((done) => {
          clock.stop();
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

function record(h: RecordableHistogram, ms: number): void {
  h.record(Math.max(1, Math.round(ms * 1000)));
}

function ms(h: RecordableHistogram): TimingStats {
  if (h.count === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
  const r = (us: number): number => Math.round(us) / 1000;
  return { count: h.count, p50: r(h.percentile(50)), p99: r(h.percentile(99)), max: r(h.max) };
}

/** `node sse-target.js [--port N] [--response-ms 5000] [--token-ms 50]`: prints `listening <url>` once serving. */
if (require.main === module) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    const v = i < 0 ? undefined : Number(process.argv[i + 1]);
    return v === undefined || !Number.isFinite(v) ? fallback : v;
  };
  startSseTarget({ responseMs: arg('--response-ms', 5000), tokenMs: arg('--token-ms', 50) }, arg('--port', 0)).then((t) => {
    process.stdout.write(`listening ${t.url}\n`);
    const stop = (): void => { void t.close().then(() => process.exit(0)); };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }, (err: unknown) => {
    process.stderr.write(`sse-target: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
