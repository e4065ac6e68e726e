import * as http from 'node:http';
import * as os from 'node:os';
import type { AddressInfo } from 'node:net';
import { ServerSpans, type EndServerSpan } from './server-spans';
import { WorkQueue, type WorkQueueStats } from './work-queue';
import { parseGenerateRequest, writeGeneration } from './generate-route';

export interface DemoTargetOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Name reported in the instance header and /stats; default $HOSTNAME (the pod name in Kubernetes). */
  instance?: string;
  instanceHeader?: string;
  /** CPU milliseconds one /predict costs. */
  cpuCostMs?: number;
  /** /predict requests computing at once. */
  concurrency?: number;
  /** /predict requests allowed to wait beyond `concurrency`; more get 503. */
  queueSize?: number;
  /** Fraction (0..1) of /predict requests answered 500 after their work. */
  errorRate?: number;
  /** Extra non-CPU latency added to every /predict (an I/O wait, a downstream call). */
  extraLatencyMs?: number;
  /** CPU limit per pod in millicores (a cgroup limit); 0 = unlimited. Capacity = pods × limit. */
  cpuLimitMillis?: number;
  /** Ready pods this process stands for (the demo's simulated Deployment); the header rotates over them. */
  pods?: string[];
}

/** The knobs that can change while the target runs (fault injection during a test). */
export type DemoTargetSettings = Required<Pick<DemoTargetOptions,
  'cpuCostMs' | 'concurrency' | 'queueSize' | 'errorRate' | 'extraLatencyMs' | 'cpuLimitMillis' | 'pods'>>;

export interface DemoTargetStats extends WorkQueueStats {
  instance: string;
  /** Requests answered, by path and status. */
  responses: Record<string, number>;
  /** /predict answered 500 by the injected error rate. */
  injectedErrors: number;
  uptimeMs: number;
  settings: DemoTargetSettings;
  /** CPU used per pod over the last ~second, millicores (what metrics-server would report). */
  cpuMillisPerPod: number;
  /** /predict requests answered, by the pod named in the instance header. */
  servedByPod: Record<string, number>;
}

export interface DemoTarget {
  url: string;
  port: number;
  instance: string;
  /** Whether OTel server spans are being exported. */
  tracing: boolean;
  stats(): DemoTargetStats;
  /** The `traceparent` header of every request received, in arrival order. */
  receivedTraceparents(): string[];
  setOptions(settings: Partial<DemoTargetSettings>): void;
  /** Stops listening, drops keep-alive connections and flushes server spans. */
  close(): Promise<void>;
}

export const DEMO_TARGET_DEFAULTS: DemoTargetSettings = {
  cpuCostMs: 5, concurrency: 4, queueSize: 64, errorRate: 0, extraLatencyMs: 0, cpuLimitMillis: 0, pods: [],
};

/** Sampling period of the per-pod CPU usage. */
const USAGE_SAMPLE_MS = 500;

/** Cap on remembered traceparents, so a long-running target's memory stays bounded. */
const MAX_TRACEPARENTS = 1_000_000;

/** The target could not listen: the message says which address and how to pick another. */
export class ListenError extends Error {
  override name = 'ListenError';
  readonly code: string | undefined;
  constructor(host: string, port: number, cause: NodeJS.ErrnoException) {
    super(listenMessage(host, port, cause), { cause });
    this.code = cause.code;
  }
}

function listenMessage(host: string, port: number, cause: NodeJS.ErrnoException): string {
  const hint = 'pick another with --port <n>, or --port 0 for any free port';
  switch (cause.code) {
    case 'EADDRINUSE': return `port ${port} on ${host} is already in use: ${hint}`;
    case 'EACCES': return `no permission to listen on port ${port} on ${host} (ports below 1024 need privileges): ${hint}`;
    case 'EADDRNOTAVAIL': return `${host} is not an address of this machine: pick another with --host (e.g. 127.0.0.1 or 0.0.0.0)`;
    default: return `cannot listen on ${host}:${port}: ${cause.message}`;
  }
}

/**
 * A small inference-like HTTP service for the demo and the tests. POST|GET /predict does real
 * CPU work behind a concurrency limit and a FIFO queue (503 when full), GET /health answers at
 * once, GET /stats reports counters; every response names the instance in a header.
 */
export async function startDemoTarget(options: DemoTargetOptions = {}): Promise<DemoTarget> {
  let settings: DemoTargetSettings = validSettings({ ...DEMO_TARGET_DEFAULTS, ...pickSettings(options) });
  const instance = options.instance ?? process.env.HOSTNAME ?? os.hostname();
  const instanceHeader = (options.instanceHeader ?? 'x-scaletrace-instance').toLowerCase();
  const queue = new WorkQueue({ concurrency: settings.concurrency, queueSize: settings.queueSize, cpuQuotaMsPerPeriod: quotaOf(settings) });
  let servedBy = 0;
  let cpuMillisPerPod = 0;
  let lastSample = { at: performance.now(), busy: 0 };
  const usageTimer = setInterval(() => {
    const now = { at: performance.now(), busy: queue.stats().busyMs };
    cpuMillisPerPod = ((now.busy - lastSample.busy) / Math.max(1, now.at - lastSample.at)) * 1000 / Math.max(1, settings.pods.length);
    lastSample = now;
  }, USAGE_SAMPLE_MS);
  usageTimer.unref();
  const spans = ServerSpans.fromEnv(process.env, instance);
  const responses: Record<string, number> = {};
  const servedByPod: Record<string, number> = {};
  const traceparents: string[] = [];
  let injectedErrors = 0;
  const startedAt = Date.now();
  let port = 0;

  const stats = (): DemoTargetStats => ({
    instance, ...queue.stats(), responses: { ...responses }, injectedErrors,
    uptimeMs: Date.now() - startedAt, settings: { ...settings, pods: [...settings.pods] },
    cpuMillisPerPod: Math.round(cpuMillisPerPod * 10) / 10, servedByPod: { ...servedByPod },
  });

  const server = http.createServer((req, res) => {
    const tp = req.headers.traceparent;
    if (typeof tp === 'string' && traceparents.length < MAX_TRACEPARENTS) traceparents.push(tp);
    const path = (req.url ?? '/').split('?', 1)[0] as string;
    const method = req.method ?? 'GET';
    const route = ROUTES.has(path) ? path : '/*';
    const endSpan = spans.start({ method, route, path, serverPort: port, headers: req.headers });
    // The serving pod, round-robin like a Service over the Deployment's ready pods.
    const pod = settings.pods.length > 0 ? settings.pods[servedBy++ % settings.pods.length] as string : instance;
    res.setHeader(instanceHeader, pod);
    const reply = (status: number, body: unknown, end?: EndServerSpan): void => {
      const key = `${route} ${status}`;
      responses[key] = (responses[key] ?? 0) + 1;
      if (route === '/predict') servedByPod[pod] = (servedByPod[pod] ?? 0) + 1;
      (end ?? endSpan)(status);
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    // POST /generate: an LLM-like completion (usage.completion_tokens; SSE when the body says stream: true).
    const generate = (body: Buffer): void => {
      if (method !== 'POST') return reply(405, { error: 'method not allowed' });
      const seed = seedOf(body);
      const work = queue.submit(settings.cpuCostMs, seed);
      if (!work) return reply(503, { error: 'overloaded', instance, queued: queue.stats().queued });
      void work.then(async () => {
        const status = await writeGeneration(res, parseGenerateRequest(body, seed), Math.max(1, Math.ceil(body.length / 4)), { [instanceHeader]: pod });
        responses[`${route} ${status}`] = (responses[`${route} ${status}`] ?? 0) + 1;
        endSpan(status);
      });
    };
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (path === '/health') return reply(200, { status: 'ok', instance });
      if (path === '/stats') return reply(200, stats());
      if (path === '/generate') return generate(Buffer.concat(chunks));
      if (path !== '/predict') return reply(404, { error: 'not found', path });
      if (method !== 'POST' && method !== 'GET') return reply(405, { error: 'method not allowed' });
      const body = Buffer.concat(chunks);
      const work = queue.submit(settings.cpuCostMs, seedOf(body));
      if (!work) return reply(503, { error: 'overloaded', instance, queued: queue.stats().queued });
      void work.then(async (result) => {
        if (settings.extraLatencyMs > 0) await new Promise((r) => setTimeout(r, settings.extraLatencyMs));
        if (settings.errorRate > 0 && Math.random() < settings.errorRate) {
          injectedErrors++;
          return reply(500, { error: 'injected failure', instance });
        }
        const tokens = 8 + Math.floor(Math.abs(result.value * 1e6)) % 56;
        reply(200, {
          instance,
          prediction: Number(result.value.toFixed(6)),
          usage: { prompt_tokens: Math.max(1, Math.ceil(body.length / 4)), completion_tokens: tokens },
          timing: { queue_ms: round(result.queuedMs), compute_ms: round(result.computeMs) },
        });
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => { server.off('error', reject); resolve(); });
    });
  } catch (error) {
    clearInterval(usageTimer);
    await spans.shutdown();
    throw new ListenError(options.host ?? '127.0.0.1', options.port ?? 0, error as NodeJS.ErrnoException);
  }
  port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    instance,
    tracing: spans.enabled,
    stats,
    receivedTraceparents: () => traceparents.slice(),
    setOptions(changes) {
      settings = validSettings({ ...settings, ...pickSettings(changes) });
      queue.configure({ concurrency: settings.concurrency, queueSize: settings.queueSize, cpuQuotaMsPerPeriod: quotaOf(settings) });
    },
    async close() {
      clearInterval(usageTimer);
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
      await spans.shutdown();
    },
  };
}

const ROUTES = new Set(['/predict', '/generate', '/health', '/stats']);

function validSettings(s: DemoTargetSettings): DemoTargetSettings {
  const bad = (field: string, rule: string): never => { throw new RangeError(`demo target: ${field} must be ${rule}`); };
  if (!(s.cpuCostMs >= 0)) bad('cpuCostMs', '≥ 0');
  if (!Number.isInteger(s.concurrency) || s.concurrency < 1) bad('concurrency', 'an integer ≥ 1');
  if (!Number.isInteger(s.queueSize) || s.queueSize < 0) bad('queueSize', 'an integer ≥ 0');
  if (!(s.errorRate >= 0 && s.errorRate <= 1)) bad('errorRate', 'between 0 and 1');
  if (!(s.extraLatencyMs >= 0)) bad('extraLatencyMs', '≥ 0');
  if (!(s.cpuLimitMillis >= 0)) bad('cpuLimitMillis', '≥ 0');
  if (!Array.isArray(s.pods) || s.pods.some((p) => typeof p !== 'string' || p === '')) bad('pods', 'a list of pod names');
  return s;
}

/** Only the settings keys that are set (never host, env, … — /stats reports settings). */
function pickSettings(o: Partial<DemoTargetSettings>): Partial<DemoTargetSettings> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(DEMO_TARGET_DEFAULTS) as (keyof DemoTargetSettings)[]) {
    if (o[key] !== undefined) picked[key] = o[key];
  }
  return picked as Partial<DemoTargetSettings>;
}

/** The CPU budget per 100 ms period: pods × limit (millicores → ms per 100 ms = m / 10). */
function quotaOf(s: DemoTargetSettings): number | undefined {
  return s.cpuLimitMillis > 0 ? (Math.max(1, s.pods.length) * s.cpuLimitMillis) / 10 : undefined;
}

/** A stable number in [0, 1) from the request body, so the work depends on the input. */
function seedOf(body: Buffer): number {
  let h = 2166136261;
  for (const byte of body) h = Math.imul(h ^ byte, 16777619);
  return (h >>> 0) / 2 ** 32;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
