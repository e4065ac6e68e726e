// Test support for the engine's tests (not used at run time): a local target and scenario builders.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClosedLoad, OpenLoad, RequestSpec, Scenario } from '../scenario';
import type { FlowRecord, RequestRecord, RunObserver } from './types';

export interface TestTarget {
  url: string;
  port: number;
  /** traceparent header of every request, in arrival order. */
  traceparents: string[];
  /** Request paths in arrival order. */
  paths: string[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP target. Paths: /ok → 200 "ok", /fail → 500, /slow?ms=N → 200 after N ms,
 * /hang → never answers, /close → socket destroyed (FIN), /reset → socket reset (RST),
 * /pod → 200 with `x-pod: pod-a`; anything else → 404.
 */
export async function startTestTarget(): Promise<TestTarget> {
  const traceparents: string[] = [];
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    const tp = req.headers.traceparent;
    traceparents.push(typeof tp === 'string' ? tp : '');
    paths.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    req.resume();
    switch (url.pathname) {
      case '/ok': res.end('ok'); return;
      case '/fail': res.statusCode = 500; res.end('boom'); return;
      case '/slow': setTimeout(() => res.end('slow'), Number(url.searchParams.get('ms') ?? 100)); return;
      case '/hang': return;
      case '/close': req.socket.destroy(); return;
      case '/reset': req.socket.resetAndDestroy(); return;
      case '/pod': res.setHeader('x-pod', 'pod-a'); res.end('ok'); return;
      default: res.statusCode = 404; res.end('not found');
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    traceparents,
    paths,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export function requestSpec(target: string, path: string, extra: Partial<RequestSpec> = {}): RequestSpec {
  return { name: path, method: 'GET', target, path, weight: 1, headers: {}, timeoutMs: 5000, tags: {}, transport: { http2: false }, cookies: false, ...extra };
}

export function scenarioOf(requests: RequestSpec[], load: OpenLoad | ClosedLoad, extra: Partial<Scenario> = {}): Scenario {
  return {
    name: 'test', file: '<inline>', requests, load, thresholds: [],
    http: { connections: 10, pipelining: 1 }, gracefulStopMs: 2000, data: [], flows: [], ...extra,
  };
}

/** An observer that keeps everything it is told. */
export class RecordingObserver implements RunObserver {
  readonly records: RequestRecord[] = [];
  readonly dropped: { stage: number; at: number }[] = [];
  readonly stages: { stage: number; at: number }[] = [];
  readonly flows: FlowRecord[] = [];
  onFlow(f: FlowRecord): void { this.flows.push(f); }
  onRequest(r: RequestRecord): void { this.records.push(r); }
  onDropped(stage: number, at: number): void { this.dropped.push({ stage, at }); }
  onStage(stage: number, at: number): void { this.stages.push({ stage, at }); }
  errorsByType(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.records) if (r.errorType !== undefined) out[r.errorType] = (out[r.errorType] ?? 0) + 1;
    return out;
  }
}

/** A port on 127.0.0.1 with nothing listening (bound then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
