import fs from 'node:fs';
import path from 'node:path';
import type { SpanAccounting, Summary } from '../results';
import { spawnTracked, waitForExit } from './child-processes';
import { pinnedCommand, type CpuLayout } from './cpu-pinning';
import { LOOP_DELAY_ENV, loopDelayIn, type LoopDelaySamples } from './loop-delay-probe';
import type { OtlpSink, SinkCounts } from './otlp-sink';
import { RssSampler, type RssReport } from './rss-sampler';

export interface ScaletraceRunSpec {
  /** Names the scenario and the out dir. */
  id: string;
  /** The scenario's `load:` block, as written in YAML. */
  load: Record<string, unknown>;
  connections: number;
  /** Export every span and metric (OTLP protobuf) to this sink; untraced when absent. */
  sink?: OtlpSink;
  rssIntervalMs?: number;
  /** Replaces the scenario's GET / request (the streaming case posts chat completions). */
  requests?: Record<string, unknown>[];
  /** Another target than the context's. */
  targetUrl?: string;
  gracefulStop?: string;
  /** `--workers` (default: the CLI's own choice). */
  workers?: number;
}

export interface ScaletraceContext {
  targetUrl: string;
  workDir: string;
  layout: CpuLayout;
}

/** The figures a bench row needs from one `scaletrace run`. */
export interface ScaletraceResult {
  id: string;
  model: 'open' | 'closed';
  rps: number;
  requests: number;
  failed: number;
  durationS: number;
  /** Open model: arrivals dropped at maxInFlight. */
  iterationsDropped: number;
  latencyP50Ms?: number;
  latencyP99Ms: number;
  scheduleLagP50Ms: number;
  scheduleLagP99Ms: number;
  /** The last stage alone: for the open model, the steady rate after the warm-up ramp. */
  lastStage: StageFigures;
  /** How late a 10 ms timer fired on the generator's main thread during the last stage (ms). */
  loopDelayMs?: { p50: number; p99: number; max: number; samples: number };
  spans: SpanAccounting;
  traced: boolean;
  sink?: SinkCounts;
  rss: RssReport;
  /** Process lifetime including start-up and telemetry flush at shutdown. */
  wallS: number;
}

export interface StageFigures {
  target: number;
  rps: number;
  requests: number;
  durationS: number;
  iterationsDropped: number;
  scheduleLagP50Ms: number;
  scheduleLagP99Ms: number;
}

export function closedLoad(vus: number, durationS: number): Record<string, unknown> {
  return { model: 'closed', vus, duration: `${durationS}s` };
}

/**
 * A ramp from a tenth of `rate` over `warmupS`, then `durationS` at `rate`: the measured (last)
 * stage then starts with connections open and code compiled, as it would minutes into a real test.
 */
export function openLoad(rate: number, durationS: number, warmupS: number): Record<string, unknown> {
  return {
    model: 'open',
    startRate: Math.max(1, Math.round(rate / 10)),
    stages: [{ duration: `${warmupS}s`, rate }, { duration: `${durationS}s`, rate }],
    maxInFlight: 1000,
  };
}

/** What one CLI run left: its summary, out dir, resident set and event-loop delay samples. */
export interface ScaletraceRaw {
  summary: Summary;
  outDir: string;
  rss: RssReport;
  /** Epoch ms when the RSS sampler started (its samples' tS count from here). */
  spawnedAt: number;
  loopDelay?: LoopDelaySamples;
  wallS: number;
}

/** Runs the real CLI (`generator/bin/scaletrace.js run`) pinned to the tool core, sampling its RSS and event-loop delay. */
export async function runScaletraceRaw(spec: ScaletraceRunSpec, ctx: ScaletraceContext): Promise<ScaletraceRaw> {
  const scenarioFile = path.join(ctx.workDir, `${spec.id}.yaml`);
  const outDir = path.join(ctx.workDir, `out-${spec.id}`);
  const loopDelayFile = path.join(ctx.workDir, `loop-delay-${spec.id}.json`);
  // JSON is YAML, so the scenario needs no serializer.
  fs.writeFileSync(scenarioFile, JSON.stringify({
    name: `bench-${spec.id}`,
    target: spec.targetUrl ?? ctx.targetUrl,
    requests: spec.requests ?? [{ name: 'ok', method: 'GET', path: '/' }],
    load: spec.load,
    http: { connections: spec.connections, pipelining: 1 },
    gracefulStop: spec.gracefulStop ?? '5s',
  }, null, 2));
  const [cmd, args] = pinnedCommand(ctx.layout, ctx.layout.toolCpu, process.execPath, [
    '-r', loopDelayProbe(), scaletraceBin(), 'run', scenarioFile, '--out', outDir, '--quiet',
    ...(spec.workers === undefined ? [] : ['--workers', String(spec.workers)]),
  ]);
  const started = Date.now();
  spec.sink?.reset();
  const child = spawnTracked(cmd, args, { env: { ...telemetryEnv(spec.sink), [LOOP_DELAY_ENV]: loopDelayFile } });
  const spawnedAt = Date.now();
  const sampler = new RssSampler(child.pid ?? 0, spec.rssIntervalMs ?? 200);
  const done = await waitForExit(child, durationOf(spec.load) * 1000 + 120_000);
  const rss = sampler.stop();
  const summaryFile = path.join(outDir, 'summary.json');
  if (!fs.existsSync(summaryFile)) {
    throw new Error(`scaletrace run ${spec.id} exited ${done.code ?? done.signal} without summary.json: ${done.stderr.trim().slice(0, 800)}`);
  }
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as Summary;
  let loopDelay: LoopDelaySamples | undefined;
  try { loopDelay = JSON.parse(fs.readFileSync(loopDelayFile, 'utf8')) as LoopDelaySamples; } catch { loopDelay = undefined; }
  return { summary, outDir, rss, spawnedAt, loopDelay, wallS: Math.round((Date.now() - started) / 100) / 10 };
}

/** runScaletraceRaw, boiled down to the figures a bench row needs. */
export async function runScaletrace(spec: ScaletraceRunSpec, ctx: ScaletraceContext): Promise<ScaletraceResult> {
  const { summary, rss, loopDelay, wallS } = await runScaletraceRaw(spec, ctx);
  const last = summary.stages[summary.stages.length - 1];
  if (last === undefined) throw new Error(`scaletrace run ${spec.id}: summary.json has no stages`);
  const lastFrom = Date.parse(last.startedAt);
  return {
    id: spec.id,
    model: summary.run.model,
    rps: summary.rps,
    requests: summary.totals.requests,
    failed: summary.totals.failed,
    durationS: summary.run.durationS,
    iterationsDropped: summary.totals.dropped,
    latencyP50Ms: summary.latency.p50,
    latencyP99Ms: summary.latency.p99,
    scheduleLagP50Ms: summary.totals.scheduleLag.p50,
    scheduleLagP99Ms: summary.totals.scheduleLag.p99,
    lastStage: {
      target: last.target,
      rps: last.rps,
      requests: last.requests,
      durationS: last.durationS,
      iterationsDropped: last.dropped,
      scheduleLagP50Ms: last.scheduleLag.p50,
      scheduleLagP99Ms: last.scheduleLag.p99,
    },
    loopDelayMs: loopDelay === undefined ? undefined : loopDelayIn(loopDelay, lastFrom, lastFrom + last.durationS * 1000),
    spans: summary.telemetry.spans,
    traced: spec.sink !== undefined,
    sink: spec.sink?.counts(),
    rss,
    wallS,
  };
}

/** The bench's environment without any OTEL_* (untraced), or pointing all OTLP at the sink. */
function telemetryEnv(sink: OtlpSink | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OTEL_')) env[k] = v;
  if (sink !== undefined) {
    env.OTEL_EXPORTER_OTLP_ENDPOINT = sink.url;
    env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf';
  }
  return env;
}

/** Seconds of load in a `load:` block built by closedLoad/openLoad. */
function durationOf(load: Record<string, unknown>): number {
  const seconds = (d: unknown): number => (typeof d === 'string' ? Number.parseFloat(d) : 0);
  const stages = Array.isArray(load.stages) ? (load.stages as { duration?: unknown }[]) : [];
  return seconds(load.duration) + stages.reduce((sum, st) => sum + seconds(st.duration), 0);
}

/** Compiled beside this file in dist/bench/; from the sources (jest), the built copy in generator/dist. */
export function loopDelayProbe(): string {
  return path.resolve(__dirname, '..', '..', 'dist', 'bench', 'loop-delay-probe.js');
}

export function scaletraceBin(): string {
  // dist/bench/ → generator/bin/
  return path.resolve(__dirname, '..', '..', 'bin', 'scaletrace.js');
}
