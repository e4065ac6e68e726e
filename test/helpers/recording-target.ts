import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP target for integration tests that records every traceparent it sees, and when it
 * saw the first and the last request (when the load began and ended, as the target saw it).
 * Paths: /ok → 200, /fail → 500, /slow?ms=N → 200 after N ms, /reset → socket destroyed,
 * /pod → 200 with an `x-pod` header. Anything else → 404.
 */
export interface RecordingTarget {
  url: string;
  traceparents: string[];
  requests: number;
  /** Epoch ms of the first and the last request received; undefined before the first. */
  firstAt?: number;
  lastAt?: number;
  close(): Promise<void>;
}

export async function startRecordingTarget(): Promise<RecordingTarget> {
  const state: { traceparents: string[]; requests: number; firstAt?: number; lastAt?: number } = { traceparents: [], requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests += 1;
    state.lastAt = Date.now();
    state.firstAt ??= state.lastAt;
    const tp = req.headers.traceparent;
    if (typeof tp === 'string') state.traceparents.push(tp);
    const url = new URL(req.url ?? '/', 'http://x');
    req.resume();
    switch (url.pathname) {
      case '/ok': res.end('ok'); return;
      case '/fail': res.statusCode = 500; res.end('boom'); return;
      case '/slow': setTimeout(() => res.end('slow'), Number(url.searchParams.get('ms') ?? 100)); return;
      case '/reset': req.socket.destroy(); return;
      case '/pod': res.setHeader('x-pod', 'pod-a'); res.end('ok'); return;
      default: res.statusCode = 404; res.end('not found');
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get traceparents() { return state.traceparents; },
    get requests() { return state.requests; },
    get firstAt() { return state.firstAt; },
    get lastAt() { return state.lastAt; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
