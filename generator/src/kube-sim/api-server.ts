import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { KubeObject, ObjectStore, SimResource, StoredEvent } from './object-store';
import { isReady, type SimCluster } from './sim-cluster';
import { coreVersions, groupList, resourceList } from './discovery';
import { TABLE_CONTENT_TYPE, toTable, wantsTable } from './table';

export interface ApiServerOptions {
  host: string;
  port: number;
  token: string;
  /** Serve requests that carry no credentials (a wrong token is still 401), as --anonymous-auth. */
  anonymousAuth: boolean;
  watchTimeoutMs: number;
  bookmarkIntervalMs: number;
  serveMetricsApi: boolean;
  metricsResolutionMs: number;
  /** Served autoscaling versions, e.g. ['v1'] to play a pre-1.23 cluster. */
  autoscalingVersions: string[];
}

type Verb = 'list' | 'watch' | 'get' | 'patch' | 'update' | 'create' | 'delete';
interface Route { resource: SimResource | 'scale' | 'podmetrics'; group: string; version: string; namespace: string; name?: string }
/** How a read is answered: the object as served at the route's version, plain JSON or a kubectl Table. */
interface Presentation { version: string; table: boolean; includeObject: string | null }
interface OpenWatch { res: http.ServerResponse; muted: boolean; close(): void }

const GROUP_OF: Record<SimResource, string> = {
  deployments: 'apps', replicasets: 'apps', horizontalpodautoscalers: 'autoscaling', pods: '', events: '',
};

/**
 * The Kubernetes API server's HTTP surface, as @kubernetes/client-node and kubectl use it: discovery,
 * list, watch (newline-delimited JSON events, BOOKMARKs, 410 Gone, server-side timeouts), get, the
 * scale subresource, metrics.k8s.io; bearer-token auth and Status error bodies. Fault hooks for tests.
 */
export class ApiServer {
  private server?: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<OpenWatch>();
  private readonly forbidden = new Map<string, Set<string>>();
  port = 0;

  constructor(private readonly store: ObjectStore, private readonly cluster: SimCluster, private readonly opts: ApiServerOptions) {}

  async listen(port = this.opts.port): Promise<void> {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.on('connection', (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.opts.host, () => { server.off('error', reject); resolve(); });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const w of this.watches) w.close();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- faults -------------------------------------------------------------------------------
  cutWatches(): void {
    for (const w of this.watches) w.res.socket?.destroy();
  }

  halfOpen(): void {
    for (const w of this.watches) w.muted = true;
  }

  forbid(resource: string, verb: string): void {
    const verbs = this.forbidden.get(resource) ?? new Set<string>();
    verbs.add(verb);
    this.forbidden.set(resource, verbs);
  }

  clearForbidden(): void {
    this.forbidden.clear();
  }

  // ---- requests -----------------------------------------------------------------------------
  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.setHeader('x-scaletrace-simulator', '1');
    const url = new URL(req.url ?? '/', 'http://sim');
    const auth = req.headers.authorization;
    if (auth !== `Bearer ${this.opts.token}` && !(auth === undefined && this.opts.anonymousAuth)) {
      return status(res, 401, 'Unauthorized', 'Unauthorized');
    }
    const p = url.pathname.replace(/\/+$/, '');
    if (p === '/version') return json(res, 200, { major: '1', minor: '30', gitVersion: 'v1.30.0-scaletrace-sim', platform: 'linux/amd64' });
    if (p === '/api') return json(res, 200, coreVersions());
    if (p === '/apis') return json(res, 200, groupList(this.opts));
    const discovery = /^\/api\/(v1)$|^\/apis\/([^/]+\/[^/]+)$/.exec(p);
    if (discovery) {
      const list = resourceList((discovery[1] ?? discovery[2]) as string, this.opts);
      return list ? json(res, 200, list) : status(res, 404, 'NotFound', 'the server could not find the requested resource');
    }
    const route = parseRoute(p);
    const unserved = (route?.resource === 'podmetrics' && !this.opts.serveMetricsApi) ||
      (route?.resource === 'horizontalpodautoscalers' && !this.opts.autoscalingVersions.includes(route.version));
    if (!route || unserved) {
      return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    }
    const watching = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
    const verb: Verb = req.method === 'PATCH' ? 'patch' : req.method === 'PUT' ? 'update' : req.method === 'POST' ? 'create' : req.method === 'DELETE' ? 'delete'
      : watching ? 'watch' : route.name !== undefined ? 'get' : 'list';
    const plural = route.resource === 'scale' ? 'deployments/scale' : route.resource === 'podmetrics' ? 'pods' : route.resource;
    const denied = this.forbidden.get(plural);
    if (denied && (denied.has('*') || denied.has(verb))) {
      const group = route.resource === 'podmetrics' ? 'metrics.k8s.io' : route.group;
      return status(res, 403, 'Forbidden',
        `${plural} is forbidden: User "system:serviceaccount:${route.namespace}:scaletrace" cannot ${verb} resource "${plural}" in API group "${group}" in the namespace "${route.namespace}"`,
        { name: route.name, group, kind: plural });
    }
    if (route.resource === 'scale') return this.scale(req, res, route);
    if (route.resource === 'podmetrics') return this.podMetrics(res, route);
    if (verb === 'delete' && route.resource === 'pods' && route.name !== undefined) return this.deletePod(req, res, route.namespace, route.name, url.searchParams);
    if (verb === 'patch' && route.resource === 'horizontalpodautoscalers' && route.name !== undefined) return this.patchHpa(req, res, route);
    if (verb !== 'get' && verb !== 'list' && verb !== 'watch') return status(res, 405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const show: Presentation = { version: route.version, table: wantsTable(req.headers.accept), includeObject: url.searchParams.get('includeObject') };
    if (verb === 'watch') return this.watch(res, route.resource, route.namespace, url.searchParams, show);
    if (verb === 'get') {
      const obj = this.store.get(route.resource, route.namespace, route.name as string);
      if (!obj) return status(res, 404, 'NotFound', `${route.resource}${route.group ? `.${route.group}` : ''} "${route.name}" not found`, { name: route.name, kind: route.resource });
      const served = asVersion(obj, show.version);
      return show.table ? table(res, toTable(route.resource, [served], String(served.metadata.resourceVersion), show.includeObject)) : json(res, 200, served);
    }
    return this.list(res, route.resource, route.namespace, url.searchParams, show);
  }

  private list(res: http.ServerResponse, resource: SimResource, namespace: string, q: URLSearchParams, show: Presentation): void {
    const rv = q.get('resourceVersion');
    if (rv && rv !== '0' && Number(rv) < this.store.oldestResumable) return gone(res);
    const filter = selectorFilter(q);
    const items = this.store.list(resource, namespace).filter(filter).map((o) => asVersion(o, show.version));
    const resourceVersion = String(this.store.resourceVersion);
    if (show.table) return table(res, toTable(resource, items, resourceVersion, show.includeObject));
    const kind = items[0]?.kind ?? KIND_OF[resource];
    json(res, 200, { kind: `${kind}List`, apiVersion: apiVersionOf(resource, show.version), metadata: { resourceVersion }, items });
  }

  private watch(res: http.ServerResponse, resource: SimResource, namespace: string, q: URLSearchParams, show: Presentation): void {
    const filter = selectorFilter(q);
    const rvParam = q.get('resourceVersion');
    const from = rvParam && rvParam !== '0' ? Number(rvParam) : undefined;
    res.writeHead(200, { 'content-type': show.table ? TABLE_CONTENT_TYPE : 'application/json', 'transfer-encoding': 'chunked', 'x-scaletrace-simulator': '1' });
    // The headers go out at once, as the API server's: a quiet watch is not a slow response.
    res.flushHeaders();
    let headers = true;
    const write = (type: string, object: unknown): void => {
      if (w.muted || res.writableEnded) return;
      let out = object;
      if (type !== 'ERROR' && type !== 'BOOKMARK') {
        const served = asVersion(object as KubeObject, show.version);
        // As the API server: each event a one-row Table, column definitions in the first only.
        out = show.table ? toTable(resource, [served], String(served.metadata.resourceVersion), show.includeObject, headers) : served;
        headers = false;
      }
      res.write(`${JSON.stringify({ type, object: out })}\n`);
    };
    const matches = (e: StoredEvent): boolean => e.resource === resource && e.object.metadata.namespace === namespace && filter(e.object);
    let unsubscribe = (): void => undefined;
    const timers: NodeJS.Timeout[] = [];
    const w: OpenWatch = {
      res, muted: false,
      close: () => {
        unsubscribe();
        for (const t of timers) clearInterval(t);
        this.watches.delete(w);
        if (!res.writableEnded) res.end();
      },
    };
    this.watches.add(w);
    res.on('close', () => w.close());
    if (from === undefined) {
      // No version: the current state as synthetic ADDED events, then changes (as the real server).
      for (const obj of this.store.list(resource, namespace).filter(filter)) write('ADDED', obj);
    } else {
      const backlog = this.store.changesSince(from);
      if (backlog === undefined) {
        write('ERROR', goneStatus(from, this.store.oldestResumable));
        return w.close();
      }
      for (const e of backlog) if (matches(e)) write(e.type, e.object);
    }
    unsubscribe = this.store.subscribe((e) => { if (matches(e)) write(e.type, e.object); });
    if (q.get('allowWatchBookmarks') === 'true') {
      timers.push(setInterval(() => write('BOOKMARK', { kind: KIND_OF[resource], apiVersion: apiVersionOf(resource, show.version), metadata: { resourceVersion: String(this.store.resourceVersion) } }), this.opts.bookmarkIntervalMs));
    }
    const timeoutS = Number(q.get('timeoutSeconds'));
    const timeoutMs = Number.isFinite(timeoutS) && timeoutS > 0 ? timeoutS * 1000 : this.opts.watchTimeoutMs;
    timers.push(setTimeout(() => w.close(), timeoutMs));
  }

  private scale(req: http.IncomingMessage, res: http.ServerResponse, route: Route): void {
    const name = route.name as string;
    const dep = this.store.get('deployments', route.namespace, name);
    if (!dep) return status(res, 404, 'NotFound', `deployments.apps "${name}" not found`, { name, group: 'apps', kind: 'deployments' });
    const scaleObject = (): unknown => {
      const d = this.store.get('deployments', route.namespace, name) as KubeObject;
      return {
        kind: 'Scale', apiVersion: 'autoscaling/v1',
        metadata: { name, namespace: route.namespace, uid: d.metadata.uid, resourceVersion: d.metadata.resourceVersion, creationTimestamp: d.metadata.creationTimestamp },
        spec: { replicas: (d.spec as { replicas: number }).replicas },
        status: { replicas: (d.status as { replicas?: number }).replicas ?? 0, selector: Object.entries((d.metadata.labels ?? {})).map(([k, v]) => `${k}=${v}`).join(',') },
      };
    };
    if (req.method !== 'PATCH' && req.method !== 'PUT') return json(res, 200, scaleObject());
    const type = String(req.headers['content-type'] ?? '');
    if (!/application\/(merge-patch|strategic-merge-patch)\+json|application\/json/.test(type)) {
      return status(res, 415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
    }
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      let replicas: unknown;
      try { replicas = (JSON.parse(body) as { spec?: { replicas?: unknown } }).spec?.replicas; } catch { replicas = undefined; }
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        return status(res, 422, 'Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: must be a non-negative integer`);
      }
      this.cluster.setReplicas(name, replicas);
      json(res, 200, scaleObject());
    });
  }

  /** DELETE pod: gracePeriodSeconds from the query or a DeleteOptions body; 200 with the terminating pod. */
  private deletePod(req: http.IncomingMessage, res: http.ServerResponse, namespace: string, name: string, q: URLSearchParams): void {
    readBody(req, (body) => {
      let grace: number | undefined = q.has('gracePeriodSeconds') ? Number(q.get('gracePeriodSeconds')) : undefined;
      if (grace === undefined && body.trim()) {
        try { grace = (JSON.parse(body) as { gracePeriodSeconds?: number }).gracePeriodSeconds; } catch { grace = undefined; }
      }
      if (grace !== undefined && !(Number.isInteger(grace) && grace >= 0)) {
        return status(res, 422, 'Invalid', `DeleteOptions is invalid: gracePeriodSeconds: Invalid value: must be a non-negative integer`);
      }
      const pod = namespace === this.cluster.namespace ? this.cluster.deletePod(name, grace) : undefined;
      return pod ? json(res, 200, pod) : status(res, 404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
    });
  }

  /** PATCH of an HPA: merge patches of spec.minReplicas / spec.maxReplicas, validated as the API does. */
  private patchHpa(req: http.IncomingMessage, res: http.ServerResponse, route: Route): void {
    const { namespace, version } = route;
    const name = route.name as string;
    const type = String(req.headers['content-type'] ?? '');
    if (!/application\/(merge-patch|strategic-merge-patch)\+json/.test(type)) {
      return status(res, 415, 'UnsupportedMediaType', `the simulator accepts merge patches of HPAs (application/merge-patch+json), got ${type || 'no content-type'}`);
    }
    readBody(req, (body) => {
      const current = namespace === this.cluster.namespace ? this.cluster.hpaRange(name) : undefined;
      if (!current) return status(res, 404, 'NotFound', `horizontalpodautoscalers.autoscaling "${name}" not found`, { name, group: 'autoscaling', kind: 'horizontalpodautoscalers' });
      let spec: { minReplicas?: unknown; maxReplicas?: unknown } | undefined;
      try { spec = (JSON.parse(body) as { spec?: typeof spec }).spec; } catch { spec = undefined; }
      const min = spec?.minReplicas ?? current.minReplicas;
      const max = spec?.maxReplicas ?? current.maxReplicas;
      const whole = (v: unknown, low: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= low;
      if (!whole(min, 1) || !whole(max, 1) || max < min) {
        return status(res, 422, 'Invalid', `HorizontalPodAutoscaler.autoscaling "${name}" is invalid: spec.maxReplicas: Invalid value: ${String(max)}: must be greater than or equal to minReplicas (${String(min)}), both ≥ 1`);
      }
      json(res, 200, asVersion(this.cluster.patchHpaRange(name, { minReplicas: min, maxReplicas: max }) as KubeObject, version));
    });
  }

  private podMetrics(res: http.ServerResponse, route: Route): void {
    const now = Date.now();
    const window = `${Math.round(this.opts.metricsResolutionMs / 1000)}s`;
    const items = this.store.list('pods', route.namespace).filter(isReady).map((pod) => {
      const deployment = pod.metadata.labels?.app ?? '';
      const cpuMillis = this.cluster.usagePerPod(deployment);
      return {
        kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name: pod.metadata.name, namespace: route.namespace, labels: pod.metadata.labels, creationTimestamp: new Date(now).toISOString() },
        // The metrics pipeline reports the last completed window, like metrics-server.
        timestamp: new Date(now - (now % this.opts.metricsResolutionMs)).toISOString(), window,
        containers: [{ name: 'app', usage: { cpu: `${Math.round(cpuMillis * 1e6)}n`, memory: `${48 * 1024 + Math.round(cpuMillis * 16)}Ki` } }],
      };
    });
    const name = route.name;
    if (name !== undefined) {
      const one = items.find((i) => i.metadata.name === name);
      return one ? json(res, 200, one) : status(res, 404, 'NotFound', `podmetrics.metrics.k8s.io "${name}" not found`);
    }
    json(res, 200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
  }
}

const KIND_OF: Record<SimResource, string> = {
  deployments: 'Deployment', replicasets: 'ReplicaSet', horizontalpodautoscalers: 'HorizontalPodAutoscaler', pods: 'Pod', events: 'Event',
};

function apiVersionOf(resource: SimResource, version: string): string {
  const group = GROUP_OF[resource];
  return group === '' ? version : `${group}/${version}`;
}

/**
 * An object as served at `version`: HPAs are stored as autoscaling/v2 and converted to v1 for
 * /apis/autoscaling/v1 (CPU utilization only, as the API server's conversion); the rest are stored as served.
 */
function asVersion(o: KubeObject, version: string): KubeObject {
  if (o.kind !== 'HorizontalPodAutoscaler' || version !== 'v1') return o;
  const spec = o.spec as { scaleTargetRef: unknown; minReplicas?: number; maxReplicas: number; metrics?: Array<{ resource?: { name: string; target: { averageUtilization?: number } } }> };
  const status = o.status as { currentReplicas?: number; desiredReplicas?: number; lastScaleTime?: string; currentMetrics?: Array<{ resource?: { name: string; current: { averageUtilization?: number } } }> };
  const cpuTarget = spec.metrics?.find((m) => m.resource?.name === 'cpu')?.resource?.target.averageUtilization;
  const cpuNow = status.currentMetrics?.find((m) => m.resource?.name === 'cpu')?.resource?.current.averageUtilization;
  return {
    apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: o.metadata,
    spec: { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas, ...(cpuTarget === undefined ? {} : { targetCPUUtilizationPercentage: cpuTarget }) },
    status: {
      currentReplicas: status.currentReplicas ?? 0, desiredReplicas: status.desiredReplicas ?? 0,
      ...(status.lastScaleTime ? { lastScaleTime: status.lastScaleTime } : {}), ...(cpuNow === undefined ? {} : { currentCPUUtilizationPercentage: cpuNow }),
    },
  };
}

/** /api/v1/namespaces/NS/pods[/NAME], /apis/GROUP/VERSION/namespaces/NS/RESOURCE[/NAME[/scale]] */
function parseRoute(p: string): Route | undefined {
  const core = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|events)(?:\/([^/]+))?$/.exec(p);
  if (core) return { resource: core[2] as SimResource, group: '', version: 'v1', namespace: core[1] as string, name: core[3] };
  const grouped = /^\/apis\/(apps\/v1|autoscaling\/v[12]|metrics\.k8s\.io\/v1beta1)\/namespaces\/([^/]+)\/([a-z]+)(?:\/([^/]+))?(\/scale)?$/.exec(p);
  if (!grouped) return undefined;
  const [, gv, namespace, resource, name, scale] = grouped as unknown as [string, string, string, string, string | undefined, string | undefined];
  const [group, version] = gv.split('/') as [string, string];
  if (gv === 'metrics.k8s.io/v1beta1') return resource === 'pods' ? { resource: 'podmetrics', group, version, namespace, name } : undefined;
  if (scale) return gv === 'apps/v1' && resource === 'deployments' && name ? { resource: 'scale', group, version, namespace, name } : undefined;
  if (gv === 'apps/v1' && (resource === 'deployments' || resource === 'replicasets')) return { resource, group, version, namespace, name };
  if (group === 'autoscaling' && resource === 'horizontalpodautoscalers') return { resource, group, version, namespace, name };
  return undefined;
}

/** labelSelector (`a=b,c=d`) and the fieldSelectors events are usually watched with. */
function selectorFilter(q: URLSearchParams): (o: KubeObject) => boolean {
  const labels = parsePairs(q.get('labelSelector'));
  const fields = parsePairs(q.get('fieldSelector'));
  return (o) => {
    for (const [k, v] of labels) if (o.metadata.labels?.[k] !== v) return false;
    for (const [k, v] of fields) if (fieldValue(o, k) !== v) return false;
    return true;
  };
}

function parsePairs(raw: string | null): Array<[string, string]> {
  if (!raw) return [];
  return raw.split(',').map((p) => p.split(/==?/).map((s) => s.trim()) as [string, string]).filter(([k]) => k);
}

function fieldValue(o: KubeObject, path: string): string | undefined {
  let cur: unknown = o;
  for (const part of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[part];
  return cur === undefined ? undefined : String(cur);
}

function readBody(req: http.IncomingMessage, done: (body: string) => void): void {
  let body = '';
  req.on('data', (c: Buffer) => { body += c.toString(); });
  req.on('end', () => done(body));
}

function goneStatus(rv: number, oldest: number): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${rv} (${oldest})`, reason: 'Expired', code: 410 };
}

function gone(res: http.ServerResponse): void {
  json(res, 410, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'The provided continue parameter is too old', reason: 'Expired', code: 410 });
}

function status(res: http.ServerResponse, code: number, reason: string, message: string, details?: Record<string, unknown>): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

function json(res: http.ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function table(res: http.ServerResponse, body: unknown): void {
  json(res, 200, body, TABLE_CONTENT_TYPE);
}
