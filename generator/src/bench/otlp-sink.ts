import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkCounts {
  requests: number;
  bytes: number;
  /** Requests per URL path (`/v1/traces`, `/v1/metrics`). */
  byPath: Record<string, number>;
}

export interface OtlpSink {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  counts(): SinkCounts;
  reset(): void;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

/**
 * A stand-in OTLP/HTTP collector that answers 200 with an empty body (a valid empty
 * Export*ServiceResponse), after `delayMs`. It only counts bytes: decoding protobuf here
 * would make the sink, not the generator, the thing being measured.
 */
export function startOtlpSink(delayMs = 0): Promise<OtlpSink> {
  let delay = delayMs;
  let counts: SinkCounts = { requests: 0, bytes: 0, byPath: {} };
  const server = http.createServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => { bytes += chunk.length; });
    req.on('end', () => {
      counts.requests++;
      counts.bytes += bytes;
      const p = req.url ?? '/';
      counts.byPath[p] = (counts.byPath[p] ?? 0) + 1;
      const answer = (): void => {
        res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf', 'content-length': 0 });
        res.end();
      };
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        counts: () => ({ ...counts, byPath: { ...counts.byPath } }),
        reset: () => { counts = { requests: 0, bytes: 0, byPath: {} }; },
        setDelay: (ms) => { delay = ms; },
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}
