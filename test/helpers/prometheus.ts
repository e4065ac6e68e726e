import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../generator/src/bench/free-port';

/** A real Prometheus (Debian's 2.42) on a free loopback port with its own temp storage. */
export interface PrometheusServer {
  url: string;
  /** Instant query; throws on a PromQL error. */
  query(expr: string, time?: number): Promise<PromSeries[]>;
  /** Range query (seconds); throws on a PromQL error. */
  queryRange(expr: string, start: number, end: number, stepS: number): Promise<PromSeries[]>;
  labelValues(label: string, match: string): Promise<string[]>;
  /** POST /api/v1/<route> and the whole JSON body as Prometheus sent it (for recordings); throws unless status is success. */
  body(route: 'query' | 'query_range', params: Record<string, string>): Promise<PromApiBody>;
  /** Exemplars of the series an expression selects, between start and end (seconds). */
  queryExemplars(expr: string, start: number, end: number): Promise<Array<{ seriesLabels: Record<string, string>; exemplars: Array<{ labels: Record<string, string>; value: string }> }>>;
  close(): Promise<void>;
}

export interface PromSeries { metric: Record<string, string>; value?: [number, string]; values?: Array<[number, string]> }

export interface PromApiBody { status: string; data: { resultType: string; result: PromSeries[] }; warnings?: string[]; infos?: string[] }

export async function startPrometheus(): Promise<PrometheusServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  // Nothing is scraped: every sample arrives by remote write.
  writeFileSync(config, 'global:\n  evaluation_interval: 5s\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('prometheus', [
    `--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-remote-write-receiver', '--enable-feature=exemplar-storage', '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const end = Date.now() + 20_000; ;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
      const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
      if (ready) break;
      if (Date.now() > end) throw new Error(`prometheus not ready after 20 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await close();
    throw error;
  }

  async function call<T>(route: string, params: Record<string, string>): Promise<{ status: string; data: T }> {
    const res = await fetch(`${url}/api/v1/${route}`, { method: 'POST', body: new URLSearchParams(params) });
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${route} ${JSON.stringify(params)}: ${body.error ?? res.status}`);
    return body;
  }
  const api = async <T>(route: string, params: Record<string, string>): Promise<T> => (await call<T>(route, params)).data;
  return {
    url,
    query: async (expr, time) =>
      (await api<{ result: PromSeries[] }>('query', { query: expr, ...(time !== undefined ? { time: String(time) } : {}) })).result,
    queryRange: async (expr, start, end, stepS) =>
      (await api<{ result: PromSeries[] }>('query_range', { query: expr, start: String(start), end: String(end), step: String(stepS) })).result,
    queryExemplars: (expr, start, end) => api('query_exemplars', { query: expr, start: String(start), end: String(end) }),
    body: (route, params) => call(route, params) as Promise<PromApiBody>,
    labelValues: async (label, match) => {
      const res = await fetch(`${url}/api/v1/label/${label}/values?${new URLSearchParams({ 'match[]': match })}`);
      return ((await res.json()) as { data: string[] }).data;
    },
    close,
  };
}
