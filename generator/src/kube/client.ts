import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
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
      config.loadFromDefault();
      // kubectl: with several KUBECONFIG files the first to set current-context wins (client-node takes the last).
      const first = firstCurrentContext(process.env.KUBECONFIG);
      if (first !== undefined && opts.context === undefined) config.setCurrentContext(first);
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

function firstCurrentContext(kubeconfigEnv: string | undefined): string | undefined {
  for (const file of (kubeconfigEnv ?? '').split(path.delimiter).filter(Boolean)) {
    try {
      const doc = parseYaml(fs.readFileSync(file, 'utf8')) as { 'current-context'?: unknown } | null;
      const ctx = doc?.['current-context'];
      if (typeof ctx === 'string' && ctx !== '') return ctx;
    } catch {
      // kubectl skips missing files in KUBECONFIG
    }
  }
  return undefined;
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
