/**
 * A Kubernetes API simulator — NOT a cluster. It serves the real API paths and JSON shapes that
 * @kubernetes/client-node and kubectl use and runs the real HPA algorithm, so the watcher, the demo
 * and the tests talk to it exactly as to a cluster. Every response carries `x-scaletrace-simulator: 1`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ApiServer } from './api-server';
import { ObjectStore } from './object-store';
import { SimCluster, type SimDeploymentSpec, type SimHistoryEntry, type SimHpaSpec } from './sim-cluster';

export type { SimDeploymentSpec, SimHpaSpec, SimHistoryEntry } from './sim-cluster';
export { computeDesiredReplicas, rescaleMessage, type HpaBehavior } from './hpa-algorithm';

export interface KubeSimOptions {
  host?: string;
  port?: number;
  namespace?: string;
  /** HPA controller sync period (default 15000, as --horizontal-pod-autoscaler-sync-period). */
  syncPeriodMs?: number;
  /** Pending → Running + Ready (default 5000). */
  podStartDelayMs?: number;
  /** Terminating → gone (default 1000). */
  podStopDelayMs?: number;
  /** Server-side watch timeout when the client gives none (default 5 min). */
  watchTimeoutMs?: number;
  /** BOOKMARK interval for watches that allow them (default 1000). */
  bookmarkIntervalMs?: number;
  /** metrics.k8s.io window (default 15000). */
  metricsResolutionMs?: number;
  /** false: metrics.k8s.io is not served, like a cluster without metrics-server. */
  serveMetricsApi?: boolean;
  /** Served autoscaling versions (default v2 and v1); ['v1'] plays a Kubernetes older than 1.23. */
  autoscalingVersions?: string[];
  /**
   * Also serve requests without credentials (default false). kubectl sends no token to an http://
   * server, so the playground, which kubectl drives, needs this; a wrong token is still 401.
   */
  anonymousAuth?: boolean;
}

export interface KubeSim {
  url: string;
  namespace: string;
  /** The bearer token the API requires (written into the kubeconfig). */
  token: string;
  writeKubeconfig(dir: string, opts?: { token?: string; file?: string }): string;
  addDeployment(spec: SimDeploymentSpec): void;
  addHpa(spec: SimHpaSpec): void;
  readyReplicas(deployment: string): number;
  /** Names of the deployment's Ready pods, oldest first. */
  readyPodNames(deployment: string): string[];
  onReadyReplicas(listener: (deployment: string, ready: number) => void): void;
  /** Ground truth: every HPA decision, scale write, pod Ready and pod deletion (Date.now() ms). */
  history(): SimHistoryEntry[];
  faults: {
    /** Destroy every open watch connection mid-stream. */
    cutWatches(): void;
    /** Close the listener and every socket; come back on the same port after downMs, state kept. */
    restart(downMs: number): Promise<void>;
    /** 403 Forbidden for a resource ("events", "pods", "horizontalpodautoscalers", …) and verb. */
    forbid(resource: string, verb: 'list' | 'watch' | 'get' | 'patch' | 'delete' | '*'): void;
    /** Forget the change log: watches and lists from an older resourceVersion get 410 Gone. */
    compact(): void;
    /** Open watches stay connected but receive nothing more (a half-open connection). */
    halfOpen(): void;
    clear(): void;
  };
  podCrash(pod: string, reason: 'OOMKilled' | 'Error'): void;
  /** The HPA's current spec.minReplicas / maxReplicas (what a patch through the API changed). */
  hpaRange(hpa: string): { minReplicas: number; maxReplicas: number } | undefined;
  /** spec.replicas of a Deployment (what the scale subresource reads). */
  specReplicas(deployment: string): number;
  close(): Promise<void>;
}

export async function startKubeSim(options: KubeSimOptions = {}): Promise<KubeSim> {
  const namespace = options.namespace ?? 'default';
  const token = `scaletrace-sim-${Math.random().toString(36).slice(2, 12)}`;
  const store = new ObjectStore();
  const cluster = new SimCluster(store, namespace, {
    syncPeriodMs: options.syncPeriodMs ?? 15_000,
    podStartDelayMs: options.podStartDelayMs ?? 5000,
    podStopDelayMs: options.podStopDelayMs ?? 1000,
  });
  const host = options.host ?? '127.0.0.1';
  const api = new ApiServer(store, cluster, {
    host, port: options.port ?? 0, token, anonymousAuth: options.anonymousAuth ?? false,
    watchTimeoutMs: options.watchTimeoutMs ?? 300_000,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000,
    serveMetricsApi: options.serveMetricsApi ?? true,
    metricsResolutionMs: options.metricsResolutionMs ?? 15_000,
    autoscalingVersions: options.autoscalingVersions ?? ['v2', 'v1'],
  });
  await api.listen();
  cluster.start();
  const url = `http://${host}:${api.port}`;
  let closed = false;
  return {
    url, namespace, token,
    writeKubeconfig(dir, opts = {}) {
      mkdirSync(dir, { recursive: true });
      const file = opts.file ?? path.join(dir, 'kubeconfig-scaletrace-sim.yaml');
      writeFileSync(file, kubeconfigYaml(url, opts.token ?? token, namespace));
      return file;
    },
    addDeployment: (spec) => cluster.addDeployment(spec),
    addHpa: (spec) => cluster.addHpa(spec),
    readyReplicas: (d) => cluster.readyReplicas(d),
    readyPodNames: (d) => cluster.readyPods(d)
      .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''))
      .map((p) => p.metadata.name),
    onReadyReplicas: (l) => cluster.onReadyReplicas(l),
    history: () => cluster.history(),
    faults: {
      cutWatches: () => api.cutWatches(),
      async restart(downMs) {
        await api.close();
        await new Promise((r) => setTimeout(r, downMs));
        if (!closed) await api.listen(api.port);
      },
      forbid: (resource, verb) => api.forbid(resource, verb),
      compact: () => store.compact(),
      halfOpen: () => api.halfOpen(),
      clear: () => api.clearForbidden(),
    },
    podCrash: (pod, reason) => cluster.podCrash(pod, reason),
    hpaRange: (hpa) => cluster.hpaRange(hpa),
    specReplicas: (d) => cluster.specReplicas(d),
    async close() {
      closed = true;
      cluster.stop();
      await api.close();
    },
  };
}

/** A kubeconfig as kubectl writes it; http:// needs insecure-skip-tls-verify for client-node. */
function kubeconfigYaml(url: string, token: string, namespace: string): string {
  return [
    '# Kubernetes API SIMULATOR (scaletrace kube-sim), not a cluster.',
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: scaletrace-sim',
    '  cluster:',
    `    server: ${url}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: scaletrace',
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: scaletrace-sim',
    '  context:',
    '    cluster: scaletrace-sim',
    '    user: scaletrace',
    `    namespace: ${namespace}`,
    'current-context: scaletrace-sim',
    '',
  ].join('\n');
}
