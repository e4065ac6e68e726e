import { mkdirSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as path from 'node:path';

/**
 * What the server does with list and watch requests. Discovery (GET /apis) is answered unless
 * told otherwise, so the client gets as far as listing and watching.
 * - `answer`: a list gets its items; a watch gets 200 and a BOOKMARK every 200 ms.
 * - `no-headers`: the request is read and never answered (a proxy or half-open connection).
 * - `stall-after-headers`: 200 and headers, then nothing more (a list: half of its body).
 */
export type Behaviour = 'answer' | 'no-headers' | 'stall-after-headers';

export interface MisbehavingKubeApi {
  url: string;
  namespace: string;
  /** A kubeconfig (plain HTTP, insecure-skip-tls-verify) pointing at this server. */
  writeKubeconfig(dir: string): string;
  /** TCP connections open now, and the most ever open at once. */
  openConnections(): number;
  maxOpenConnections(): number;
  /** Requests seen, by kind. */
  requests(kind: 'discovery' | 'list' | 'watch'): number;
  close(): Promise<void>;
}

/**
 * A Kubernetes API server written to misbehave, speaking just enough of the protocol for the
 * watcher: discovery, then list and watch of HPAs, Deployments, pods and events in one namespace
 * (an HPA "web" scaling Deployment "web" with one pod, so four watches run). It counts connections
 * server-side, the ground truth for socket leaks.
 */
export async function startMisbehavingKubeApi(opts: { list: Behaviour; watch: Behaviour; discovery?: 'answer' | 'no-headers'; namespace?: string }): Promise<MisbehavingKubeApi> {
  const ns = opts.namespace ?? 'ml';
  const sockets = new Set<Socket>();
  let maxOpen = 0;
  const counts = { discovery: 0, list: 0, watch: 0 };
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/apis' || url.pathname === '/apis/') {
      counts.discovery++;
      if (opts.discovery === 'no-headers') return;
      return json(res, 200, {
        kind: 'APIGroupList', apiVersion: 'v1',
        groups: [{ name: 'autoscaling', versions: [{ groupVersion: 'autoscaling/v2', version: 'v2' }], preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' } }],
      });
    }
    // Core (/api/v1/…) and named groups (/apis/apps/v1/…); metrics.k8s.io is not installed (404).
    const resource = url.pathname.startsWith('/apis/metrics.k8s.io/') ? undefined
      : /^\/apis?\/(?:[^/]+\/)?[^/]+\/namespaces\/[^/]+\/([a-z]+)$/.exec(url.pathname)?.[1];
    const items = resource === undefined ? undefined : objects(resource, ns);
    if (items === undefined) return json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not served here' });
    const watch = url.searchParams.get('watch') === 'true';
    counts[watch ? 'watch' : 'list']++;
    const behaviour = watch ? opts.watch : opts.list;
    if (behaviour === 'no-headers') return; // read, never answered
    if (!watch) {
      const body = JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '10' }, items });
      if (behaviour === 'answer') return json(res, 200, JSON.parse(body) as unknown);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.write(body.slice(0, Math.floor(body.length / 2))); // and the rest never comes
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    if (behaviour === 'stall-after-headers') return;
    const timer = setInterval(() => res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Bookmark', metadata: { resourceVersion: '10' } } })}\n`), 200);
    timers.add(timer);
    res.on('close', () => { clearInterval(timer); timers.delete(timer); });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    maxOpen = Math.max(maxOpen, sockets.size);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url, namespace: ns,
    writeKubeconfig(dir) {
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'kubeconfig-misbehaving.yaml');
      writeFileSync(file, [
        'apiVersion: v1', 'kind: Config',
        `clusters: [{ name: bad, cluster: { server: "${url}", insecure-skip-tls-verify: true } }]`,
        'users: [{ name: me, user: { token: t } }]',
        `contexts: [{ name: bad, context: { cluster: bad, user: me, namespace: ${ns} } }]`,
        'current-context: bad', '',
      ].join('\n'));
      return file;
    },
    openConnections: () => sockets.size,
    maxOpenConnections: () => maxOpen,
    requests: (kind) => counts[kind],
    async close() {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** One HPA "web" → Deployment "web" (selector app=web) → one Ready pod; no events. */
function objects(resource: string, ns: string): unknown[] | undefined {
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: ns, uid: `uid-${name}`, resourceVersion: '5', ...extra });
  switch (resource) {
    case 'horizontalpodautoscalers': return [{
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('web'),
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
      status: { currentReplicas: 1, desiredReplicas: 1, currentMetrics: [] },
    }];
    case 'deployments': return [{
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web'),
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web' }] } } },
      status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
    }];
    case 'pods': return [{
      apiVersion: 'v1', kind: 'Pod', metadata: meta('web-1', { labels: { app: 'web' } }),
      spec: { containers: [{ name: 'web', image: 'web' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    }];
    case 'events': return [];
    default: return undefined;
  }
}
