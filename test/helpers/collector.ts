import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort } from '../../generator/src/bench/free-port';
import { REPO_ROOT } from './cli';
import { waitFor } from './wait-for';

/**
 * The real OpenTelemetry Collector, built here by scripts/build-collector.sh from
 * otel-collector/distribution (the same release as the shipped image), running the shipped
 * otel-collector/config.yaml unchanged: only the addresses a user sets through its env vars
 * differ (loopback ports chosen per test, backends the test starts).
 */
export const COLLECTOR_CONFIG = path.join(REPO_ROOT, 'otel-collector', 'config.yaml');

/** Path of the built binary; builds it first when its sources changed (install-test-tools.sh already did on CI). */
export function collectorBinary(): string {
  const out = execFileSync(path.join(REPO_ROOT, 'scripts', 'build-collector.sh'), {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 20 * 60_000, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop() ?? '';
}

export interface CollectorOptions {
  /** The backends: where the shipped config's exporters send (its TEMPO_/PROMETHEUS_/LOKI_ env vars). */
  tempoGrpcEndpoint: string;
  prometheusRemoteWriteUrl: string;
  lokiOtlpUrl: string;
  /** More of the config's env vars (sampling percentages, thresholds…). */
  env?: Record<string, string>;
  /** Further --config files merged over config.yaml, as a user adds k8s-cluster.yaml. */
  extraConfigs?: string[];
}

export interface Collector {
  /** OTLP/HTTP base URL for OTEL_EXPORTER_OTLP_ENDPOINT. */
  otlpUrl: string;
  /** The collector's own Prometheus metrics (otelcol_*). */
  metricsUrl: string;
  /** Sum of an otelcol_* counter's samples (with or without `_total`) whose labels include `match` (0 when absent). */
  counter(name: string, match?: Record<string, string>): Promise<number>;
  /** What the collector logged (stderr), for failure messages. */
  log(): string;
  close(): Promise<void>;
}

/** `otelcol validate` of config files; returns the exit code and the output. */
export function validateCollectorConfig(configs: string[]): { code: number; output: string } {
  try {
    const output = execFileSync(collectorBinary(), ['validate', ...configs.map((c) => `--config=${c}`)], {
      encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, output };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** A running collector process: its log, and a close that lets it drain. */
export interface CollectorProcess {
  log(): string;
  close(): Promise<void>;
}

/**
 * Starts the built collector with `configs` and `env`, and resolves once `ready()` holds (30 s
 * bound; fails at once if the process exits). close(): SIGTERM, so the collector drains its
 * pipelines (batch, remote-write queue), then SIGKILL after 15 s.
 */
export async function launchCollector(configs: string[], env: NodeJS.ProcessEnv, ready: () => Promise<boolean>): Promise<CollectorProcess> {
  const child = spawn(collectorBinary(), configs.map((c) => `--config=${c}`), {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-20_000); });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor('the collector is ready', 30_000, async () => {
      if (child.exitCode !== null) throw new Error(`collector exited with ${child.exitCode}:\n${stderr}`);
      return ready();
    }, () => stderr);
  } catch (error) {
    await close();
    throw error;
  }
  return { log: () => stderr, close };
}

export async function startCollector(opts: CollectorOptions): Promise<Collector> {
  const [http, grpc, health, metrics] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    OTLP_HTTP_LISTEN: `127.0.0.1:${http}`,
    OTLP_GRPC_LISTEN: `127.0.0.1:${grpc}`,
    HEALTH_CHECK_LISTEN: `127.0.0.1:${health}`,
    COLLECTOR_METRICS_HOST: '127.0.0.1',
    COLLECTOR_METRICS_PORT: String(metrics),
    TEMPO_OTLP_ENDPOINT: opts.tempoGrpcEndpoint,
    PROMETHEUS_REMOTE_WRITE_ENDPOINT: opts.prometheusRemoteWriteUrl,
    LOKI_OTLP_ENDPOINT: opts.lokiOtlpUrl,
    ...opts.env,
  };
  const healthy = (): Promise<boolean> =>
    fetch(`http://127.0.0.1:${health}/`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
  const proc = await launchCollector([COLLECTOR_CONFIG, ...(opts.extraConfigs ?? [])], env, healthy);
  const metricsUrl = `http://127.0.0.1:${metrics}/metrics`;
  return {
    otlpUrl: `http://127.0.0.1:${http}`,
    metricsUrl,
    counter: async (name, match = {}) => {
      const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) })).text();
      let sum = 0;
      for (const line of text.split('\n')) {
        const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)/.exec(line);
        if (!m || (m[1] !== name && m[1] !== `${name}_total`)) continue;
        const labels = m[2] ?? '';
        if (Object.entries(match).every(([k, v]) => labels.includes(`${k}="${v}"`))) sum += Number(m[3]);
      }
      return sum;
    },
    ...proc,
  };
}

/**
 * otel-collector/k8s-cluster.yaml with its pipelines fed by `otlp` instead of the k8s_cluster and
 * k8sobjects receivers, which cannot be built here (written to `dir`; returns its path): everything
 * after the receivers stays as shipped.
 */
export function writeK8sClusterStandIn(dir: string): string {
  const k8s = parse(readFileSync(path.join(REPO_ROOT, 'otel-collector', 'k8s-cluster.yaml'), 'utf8')) as {
    receivers?: unknown; service: { pipelines: Record<string, { receivers?: string[] }> };
  };
  delete k8s.receivers;
  for (const p of Object.values(k8s.service.pipelines)) p.receivers = ['otlp'];
  const file = path.join(dir, 'k8s-cluster-standin.yaml');
  writeFileSync(file, stringify(k8s));
  return file;
}
