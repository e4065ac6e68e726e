import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeConfigError } from './types';

type K8s = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
type KubeConfig = InstanceType<K8s['KubeConfig']>;

/** The JSON object shape the watcher reads (raw watch events and typed list items alike). */
export interface KubeObjectLike {
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string; labels?: Record<string, string>; deletionTimestamp?: unknown };
  [field: string]: unknown;
}

export interface WatchClient {
  watch(path: string, query: Record<string, string>, onEvent: (type: string, object: KubeObjectLike) => void, done: (error: unknown) => void): Promise<AbortController>;
}

export interface KubeClient {
  k8s: K8s;
  config: KubeConfig;
  namespace: string;
  server: string;
  watch: WatchClient;
}

/** client-node is ESM-only; the generator is CommonJS, so it is loaded on first use. */
export function loadClientNode(): Promise<K8s> {
  return import('@kubernetes/client-node');
}

/**
 * The kubeconfig exactly as kubectl resolves it: an explicit file, else KUBECONFIG (a list of files,
 * merged), else ~/.kube/config, else the in-cluster service account; `context` switches the current
 * context; the namespace is the option, else the context's, else "default".
 */
export async function connect(opts: { kubeconfig?: string; context?: string; namespace?: string }): Promise<KubeClient> {
  const k8s = await loadClientNode();
  const config = new k8s.KubeConfig();
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
  if (!cluster) throw new KubeConfigError('no current cluster: set a kubeconfig (KUBECONFIG or ~/.kube/config) or run in a pod');
  const contextNamespace = config.getContextObject(config.getCurrentContext())?.namespace;
  const watcher = new k8s.Watch(config);
  return {
    k8s, config, server: cluster.server,
    namespace: opts.namespace ?? contextNamespace ?? 'default',
    watch: { watch: (path, query, onEvent, done) => watcher.watch(path, query, onEvent, done) },
  };
}

/**
 * KUBECONFIG merged as kubectl merges it, which client-node does not: missing files are skipped, and
 * for clusters, users, contexts and current-context the first file to set a name wins (client-node
 * throws on a duplicate name and lets the last current-context win). Without KUBECONFIG:
 * ~/.kube/config, else the in-cluster service account (client-node's loadFromDefault).
 */
function loadAsKubectl(k8s: K8s, config: KubeConfig): void {
  const files = (process.env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  if (files.length === 0) {
    config.loadFromDefault();
    return;
  }
  const existing = files.filter((f) => fs.existsSync(f));
  if (existing.length === 0) throw new KubeConfigError(`none of the KUBECONFIG files exist: ${files.join(', ')}`);
  const parts = existing.map((file) => {
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
