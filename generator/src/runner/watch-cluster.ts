import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { startKubeWatcher, WatcherStartAborted, type ScalingEpisode, type WatcherListener } from '../kube';
import { formatLag, makeOutDir, scalingLines, type ScalingSection } from '../results';
import { RunTelemetry } from '../telemetry';
import { newRunId } from './run-id';
import { toSection } from './scaling-session';
import { StopSignals } from './stop-signals';

export interface WatchOptions {
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  hpas: string[];
  labelSelector?: string;
  /** Stop after this long; default: until Ctrl-C. */
  durationMs?: number;
  metricsPollMs?: number;
  /** Bound on each Kubernetes API request (default: the watcher's 30 s). */
  requestTimeoutMs?: number;
  /** A watch silent this long is re-established (default: the watcher's 60 s). */
  watchIdleTimeoutMs?: number;
  /** Writes scaling.json here when set. */
  outDir?: string;
  out?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

export interface WatchOutcome {
  section: ScalingSection;
  interrupted: boolean;
  files: string[];
}

/**
 * `scaletrace watch`: the watcher on its own, for continuous scaling-lag monitoring. Episodes
 * start when utilization crosses the HPA target (no load steps to go by); everything is exported
 * as telemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set and printed as it happens.
 */
export async function watchCluster(opts: WatchOptions): Promise<WatchOutcome> {
  const out = opts.out ?? process.stdout;
  // A bad --out is said now, not after the whole watch.
  if (opts.outDir !== undefined) await makeOutDir(opts.outDir);
  const runId = newRunId();
  const telemetry = RunTelemetry.create({ runId, scenario: 'watch', spillDir: path.resolve(opts.outDir ?? path.join('scaletrace-results', runId), 'spill'), env: opts.env });
  const signals = telemetry.kubeSignals();
  const say = (line: string): void => { out.write(`${new Date().toISOString()} ${line}\n`); };
  const lastDesired = new Map<string, number>();
  const listener: WatcherListener = {
    hpa: (s) => {
      signals?.hpa(s);
      if (lastDesired.get(s.hpa) !== s.desired) {
        say(`hpa/${s.hpa} replicas current=${s.current} desired=${s.desired} (min ${s.min}, max ${s.max})`);
        lastDesired.set(s.hpa, s.desired);
      }
    },
    scaleTarget: (s) => signals?.scaleTarget(s),
    podMetrics: (s) => signals?.podMetrics(s),
    log: (r) => { signals?.log(r); say(`${r.severity.padEnd(5)} ${r.body}`); },
    episode: (e) => { signals?.episode(e); say(episodeDone(e)); },
  };
  // The duration counts from now, start-up included: a cluster slow to answer does not stretch it.
  const startedAt = Date.now();
  const end = new AbortController();
  let interrupted = false;
  const stopSignals = new StopSignals(() => { interrupted = true; end.abort(); }, () => end.abort());
  const timer = opts.durationMs === undefined ? undefined : setTimeout(() => end.abort(), opts.durationMs);
  let watcher;
  try {
    watcher = await startKubeWatcher({
      namespace: opts.namespace, context: opts.context, kubeconfig: opts.kubeconfig,
      hpas: opts.hpas, labelSelector: opts.labelSelector, metricsPollMs: opts.metricsPollMs,
      requestTimeoutMs: opts.requestTimeoutMs, watchdogMs: opts.watchIdleTimeoutMs,
      listener, log: (m) => say(m), signal: end.signal,
    });
  } catch (error) {
    clearTimeout(timer);
    stopSignals.dispose();
    await telemetry.shutdown();
    if (!(error instanceof WatcherStartAborted)) throw error;
    if (!interrupted) throw new Error(`the watch ended (--duration ${(opts.durationMs ?? 0) / 1000} s) before the watcher started: ${error.message}`);
    say(`interrupted before the watcher started: ${error.message}`);
    return { section: { namespace: opts.namespace ?? '', watcherAvailable: false, problems: [error.message], hpas: [] }, interrupted, files: [] };
  }
  const left = opts.durationMs === undefined ? undefined : Math.max(0, opts.durationMs - (Date.now() - startedAt));
  say(`watching ${watcher.summary().namespace}${left !== undefined ? ` for ${Math.round(left / 100) / 10} s` : ' until Ctrl-C'}`);
  if (!end.signal.aborted) await new Promise<void>((resolve) => end.signal.addEventListener('abort', () => resolve(), { once: true }));
  clearTimeout(timer);
  stopSignals.dispose();
  const summary = await watcher.stop();
  await telemetry.shutdown();
  const section = toSection(summary, undefined, { startedAt, endedAt: Date.now(), rows: [] });
  for (const line of scalingLines(section)) out.write(`  ${line}\n`);
  const files: string[] = [];
  if (opts.outDir !== undefined) {
    await makeOutDir(opts.outDir);
    const file = path.join(opts.outDir, 'scaling.json');
    await writeFile(file, `${JSON.stringify(section, null, 2)}\n`);
    files.push(file);
  }
  return { section, interrupted, files };
}

function episodeDone(e: ScalingEpisode): string {
  return `scale ${e.direction} hpa/${e.hpa} ${e.from} → ${e.to}${e.complete ? '' : ' (unfinished)'}: detection ${formatLag(e.lags.detectionS)}, ` +
    `actuation ${formatLag(e.lags.actuationS)}, total ${formatLag(e.lags.totalS)}`;
}
