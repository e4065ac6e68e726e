import * as fs from 'node:fs';
import * as path from 'node:path';
import { abortableBy, boundedKubeConfig, DEFAULT_REQUEST_TIMEOUT_MS } from './api-transport';
import { KubeConfigError } from './types';
import { watchRequest } from './watch-request';

type K8s = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
type KubeConfig = InstanceType<K8s['KubeConfig']>;

/** The JSON object shape the watcher reads (raw watch events and typed list items alike). */
export interface KubeObjectLike {
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string; labels?: Record<string, string>; deletionTimestamp?: unknown };
  [field: string]: unknown;
}

export interface WatchClient {
  /** Streams one watch request; resolves when the server ends it, rejects on a failure or an abort of `signal`. */
  watch(request: { path: string; query: Record<string, string>; signal: AbortSignal; onOpen: () => void; onEvent: (type: string, object: KubeObjectLike) => void }): Promise<void>;
}

export interface KubeClient {
  k8s: K8s;
  /** Its `makeApiClient` clients send every request abortable and bounded (see api-transport.ts). */
  config: KubeConfig;
  namespace: string;
  server: string;
  watch: WatchClient;
  /** Per-call options aborting that call with `signal` (`api.listNamespacedPod(params, client.abortableBy(signal))`). */
  abortableBy(signal: AbortSignal): ReturnType<typeof abortableBy>;
  /** Aborts every request in flight, watches included, and fails later ones at once. */
  close(): void;
}

/** client-node is ESM-only; the generator is CommonJS, so it is loaded on first use. */
export function loadClientNode(): Promise<K8s> {
  return import('@kubernetes/client-node');
}

/** Where client-go and client-node look for the in-cluster service account. */
export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * The kubeconfig exactly as kubectl resolves it: an explicit file, else KUBECONFIG (a list of files,
 * merged), else ~/.kube/config, else the in-cluster service account; `context` switches the current
 * context; the namespace is the option, else the context's, else "default". Every API request the
 * client makes is bounded by `requestTimeoutMs` and aborted by `close()`.
 */
export async function connect(opts: { kubeconfig?: string; context?: string; namespace?: string; requestTimeoutMs?: number }): Promise<KubeClient> {
  const k8s = await loadClientNode();
  const session = new AbortController();
  const bounds = { session: session.signal, timeoutMs: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS };
  const config = boundedKubeConfig(k8s, bounds);
  try {
    if (opts.kubeconfig !== undefined) {
      if (!fs.existsSync(opts.kubeconfig)) throw new KubeConfigError(`kubeconfig ${opts.kubeconfig} does not exist`);
      config.loadFromFile(opts.kubeconfig);
    } else {
      loadAsKubectl(k8s, config);
    }
  } catch (error) {
    if (error instanceof KubeConfigError) throw error;
    throw new KubeConfigError(`cannot read the kubeconfig: ${(error as Error).message}`);
  }
  if (opts.context !== undefined) {
    if (!config.getContexts().some((c) => c.name === opts.context)) {
      throw new KubeConfigError(`context "${opts.context}" is not in the kubeconfig (contexts: ${config.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    }
    config.setCurrentContext(opts.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new KubeConfigError(`no current cluster: the kubeconfig's current context "${config.getCurrentContext()}" names no cluster (set one with --context)`);
  if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify && !cluster.proxyUrl) {
    // client-node refuses plain HTTP on every request otherwise; say it once, up front, with the fix.
    throw new KubeConfigError(`cluster "${cluster.name}" has a plain-HTTP server (${cluster.server}): @kubernetes/client-node needs insecure-skip-tls-verify: true on it to connect`);
  }
  const contextNamespace = config.getContextObject(config.getCurrentContext())?.namespace;
  return {
    k8s, config, server: cluster.server,
    namespace: opts.namespace ?? contextNamespace ?? 'default',
    watch: { watch: (request) => watchRequest(config, bounds, request) },
    abortableBy: (signal) => abortableBy(k8s, signal),
    close: () => session.abort(),
  };
}

/**
 * KUBECONFIG merged as kubectl merges it, which client-node does not: missing files are skipped, and
 * for clusters, users, contexts and current-context the first file to set a name wins (client-node
 * throws on a duplicate name and lets the last current-context win). Without KUBECONFIG:
 * ~/.kube/config. Then (none found) the in-cluster service account, which needs its token and
 * KUBERNETES_SERVICE_HOST/PORT, as client-go's InClusterConfig does. Never client-node's last
 * resort, http://localhost:8080, which would only fail later with a misleading TLS message.
 */
function loadAsKubectl(k8s: K8s, config: KubeConfig): void {
  const files = (process.env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  const home = k8s.findHomeDir();
  const homeConfig = home === null ? undefined : path.join(home, '.kube', 'config');
  const existing = files.length > 0 ? files.filter((f) => fs.existsSync(f)) : [homeConfig].filter((f): f is string => f !== undefined && fs.existsSync(f));
  if (existing.length > 0) {
    mergeAsKubectl(k8s, config, existing);
    return;
  }
  const token = fs.existsSync(SERVICE_ACCOUNT_TOKEN);
  const hostAndPort = Boolean(process.env.KUBERNETES_SERVICE_HOST) && Boolean(process.env.KUBERNETES_SERVICE_PORT);
  if (token && hostAndPort) {
    config.loadFromCluster();
    return;
  }
  const looked = [
    `KUBECONFIG=${files.length > 0 ? files.join(path.delimiter) : 'unset'}`,
    // With KUBECONFIG set, kubectl does not read ~/.kube/config, and neither do we.
    ...(files.length > 0 ? [] : [homeConfig ?? '~/.kube/config (no home directory: HOME unset)']),
    token ? `${SERVICE_ACCOUNT_TOKEN} (present, but KUBERNETES_SERVICE_HOST/PORT are unset)` : SERVICE_ACCOUNT_TOKEN,
  ];
  throw new KubeConfigError(`no kubeconfig or in-cluster config found (looked at: ${looked.join(', ')})`);
}

function mergeAsKubectl(k8s: K8s, config: KubeConfig, files: string[]): void {
  const parts = files.map((file) => {
    const part = new k8s.KubeConfig();
    part.loadFromFile(file);
    return part;
  });
  const firstByName = <T extends { name: string }>(lists: T[][]): T[] => {
    const byName = new Map<string, T>();
    for (const item of lists.flat()) if (!byName.has(item.name)) byName.set(item.name, item);
    return [...byName.values()];
  };
  config.loadFromOptions({
    clusters: firstByName(parts.map((p) => p.getClusters())),
    users: firstByName(parts.map((p) => p.getUsers())),
    contexts: firstByName(parts.map((p) => p.getContexts())),
    currentContext: parts.map((p) => p.getCurrentContext()).find((c) => c !== undefined && c !== '') ?? '',
  });
}

/** Discovery: the served versions of the autoscaling group (Kubernetes ≥ 1.23 serves autoscaling/v2). */
export async function checkAutoscalingV2(client: KubeClient): Promise<void> {
  const groups = await client.config.makeApiClient(client.k8s.ApisApi).getAPIVersions();
  const autoscaling = groups.groups.find((g) => g.name === 'autoscaling');
  const versions = autoscaling?.versions.map((v) => v.version) ?? [];
  if (!versions.includes('v2')) {
    throw new KubeConfigError(`the cluster at ${client.server} does not serve autoscaling/v2 (Kubernetes ≥ 1.23 needed); served autoscaling versions: ${versions.join(', ') || 'none'}`);
  }
}

/** Typed list results as plain JSON objects with their list resourceVersion. */
export function asList(result: { items: unknown[]; metadata?: { resourceVersion?: string } }): { items: KubeObjectLike[]; resourceVersion: string } {
  return { items: result.items as KubeObjectLike[], resourceVersion: result.metadata?.resourceVersion ?? '' };
}
