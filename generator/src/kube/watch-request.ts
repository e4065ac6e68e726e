import * as http from 'node:http';
import * as https from 'node:https';
import { createInterface } from 'node:readline';
import { KubeRequestTimeoutError, seconds, type RequestBounds } from './api-transport';

type KubeConfig = InstanceType<typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } })['KubeConfig']>;

export interface WatchRequest {
  /** e.g. /apis/autoscaling/v2/namespaces/ml/horizontalpodautoscalers */
  path: string;
  query: Record<string, string>;
  /** Aborts the request whether or not the server has answered yet. */
  signal: AbortSignal;
  /** The server answered 200: the watch is established. */
  onOpen: () => void;
  onEvent: (type: string, object: Record<string, unknown>) => void;
}

/** An HTTP status other than 200 (`statusCode`, as client-node's Watch reports it). */
export class WatchStatusError extends Error {
  override name = 'WatchStatusError';
  constructor(readonly statusCode: number, message: string) { super(message); }
}

/**
 * One watch request, streamed: resolves when the server ends the stream, rejects on any failure.
 * client-node 1.4's Watch.watch() hands out its AbortController only once the response headers
 * arrive, so a server that never sends them cannot be aborted and its socket leaks. This sends the
 * same request (client-node's kubeconfig handling: agent, TLS, auth headers via applyToHTTPSOptions)
 * with the signal attached from the start, and bounds the wait for the headers.
 */
export async function watchRequest(config: KubeConfig, bounds: RequestBounds, request: WatchRequest): Promise<void> {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster in the kubeconfig');
  const url = new URL(cluster.server.replace(/\/+$/, '') + request.path);
  url.searchParams.set('watch', 'true');
  for (const [key, value] of Object.entries(request.query)) url.searchParams.set(key, value);
  const options: https.RequestOptions = {};
  await config.applyToHTTPSOptions(options);
  const signal = AbortSignal.any([bounds.session, request.signal]);
  signal.throwIfAborted();
  return new Promise<void>((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(url, { ...options, method: 'GET', signal });
    const headersTimer = setTimeout(() => {
      req.destroy(new KubeRequestTimeoutError(`GET ${request.path} (watch): no response headers in ${seconds(bounds.timeoutMs)}`));
    }, bounds.timeoutMs);
    req.on('error', (error) => { clearTimeout(headersTimer); reject(error); });
    req.on('response', (response) => {
      clearTimeout(headersTimer);
      response.on('error', reject);
      if (response.statusCode !== 200) {
        const status = response.statusCode ?? 0;
        // The Status object's message says why (410 Gone, 403 with the missing verb): read a bounded amount.
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => { if (text.length < 16_384) text += chunk; });
        response.on('end', () => reject(new WatchStatusError(status, statusMessage(text) ?? http.STATUS_CODES[status] ?? `HTTP ${status}`)));
        return;
      }
      request.onOpen();
      const lines = createInterface({ input: response, crlfDelay: Infinity });
      lines.on('error', reject); // readline re-emits the response's errors (an abort, a reset)
      lines.on('line', (line) => {
        let event: { type?: unknown; object?: unknown };
        try {
          event = JSON.parse(line) as { type?: unknown; object?: unknown };
        } catch {
          return; // a torn line from a cut stream: the re-watch resumes from the last resourceVersion
        }
        if (typeof event.type === 'string' && typeof event.object === 'object' && event.object !== null) {
          request.onEvent(event.type, event.object as Record<string, unknown>);
        }
      });
      response.on('end', () => resolve());
      // A connection cut mid-stream ends the watch like a server timeout does: re-watch from where we were.
      response.on('close', () => resolve());
    });
    req.end();
  });
}

function statusMessage(body: string): string | undefined {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === 'string' && message !== '' ? message : undefined;
  } catch {
    return undefined;
  }
}
