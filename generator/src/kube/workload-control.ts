import { connect, type KubeClient } from './client';
import { statusOf } from './resource-watch';
import { ruleYaml } from './control-rbac';

/** A pod as faults see it: enough to pick victims and count Ready replicas. */
export interface PodState { name: string; ready: boolean; terminating: boolean; createdAt: string }

export interface DeploymentReplicas { spec: number; ready: number; updated: number }

export interface HpaRange { minReplicas: number; maxReplicas: number; target: { kind: string; name: string } }

/** A write (or read) the API refused or failed; the message names the verb, resource and fix. */
export class WorkloadControlError extends Error {
  override name = 'WorkloadControlError';
  constructor(message: string, readonly status?: number) { super(message); }
}

/**
 * The writes ScaleTrace makes to a cluster — deleting pods (faults), the scale subresource and HPA
 * min/max (faults' scaleTo, the matrix) — through @kubernetes/client-node, with the kubeconfig
 * resolved as the watcher and kubectl resolve it.
 */
export class WorkloadControl {
  private constructor(private readonly client: KubeClient) {}

  static async connect(opts: { kubeconfig?: string; context?: string; namespace?: string }): Promise<WorkloadControl> {
    return new WorkloadControl(await connect(opts));
  }

  get namespace(): string {
    return this.client.namespace;
  }

  private get core() { return this.client.config.makeApiClient(this.client.k8s.CoreV1Api); }
  private get apps() { return this.client.config.makeApiClient(this.client.k8s.AppsV1Api); }
  private get autoscaling() { return this.client.config.makeApiClient(this.client.k8s.AutoscalingV2Api); }
  private get mergePatch() { return this.client.k8s.setHeaderOptions('Content-Type', this.client.k8s.PatchStrategy.MergePatch); }

  async listPods(labelSelector: string): Promise<PodState[]> {
    const list = await this.call('list', '', 'pods', ['list'], () => this.core.listNamespacedPod({ namespace: this.namespace, labelSelector }));
    return list.items.map((p) => ({
      name: p.metadata?.name ?? '',
      ready: (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
      terminating: p.metadata?.deletionTimestamp !== undefined && p.metadata.deletionTimestamp !== null,
      createdAt: toIso(p.metadata?.creationTimestamp),
    }));
  }

  async deletePod(name: string, gracePeriodSeconds?: number): Promise<void> {
    await this.call('delete', '', 'pods', ['delete'], () => this.core.deleteNamespacedPod({ name, namespace: this.namespace, gracePeriodSeconds }));
  }

  async deploymentReplicas(name: string): Promise<DeploymentReplicas> {
    const d = await this.call('get', 'apps', 'deployments', ['get'], () => this.apps.readNamespacedDeployment({ name, namespace: this.namespace }));
    return { spec: d.spec?.replicas ?? 0, ready: d.status?.readyReplicas ?? 0, updated: d.status?.updatedReplicas ?? 0 };
  }

  async scale(name: string): Promise<number> {
    const s = await this.call('get', 'apps', 'deployments/scale', ['get', 'patch'], () => this.apps.readNamespacedDeploymentScale({ name, namespace: this.namespace }));
    return s.spec?.replicas ?? 0;
  }

  /** `kubectl scale deployment NAME --replicas N`: a merge patch of the scale subresource. */
  async setScale(name: string, replicas: number): Promise<void> {
    await this.call('patch', 'apps', 'deployments/scale', ['get', 'patch'],
      () => this.apps.patchNamespacedDeploymentScale({ name, namespace: this.namespace, body: { spec: { replicas } } }, this.mergePatch));
  }

  async hpaRange(name: string): Promise<HpaRange> {
    const h = await this.call('get', 'autoscaling', 'horizontalpodautoscalers', ['get', 'patch'], () => this.autoscaling.readNamespacedHorizontalPodAutoscaler({ name, namespace: this.namespace }));
    return {
      minReplicas: h.spec?.minReplicas ?? 1, maxReplicas: h.spec?.maxReplicas ?? 1,
      target: { kind: h.spec?.scaleTargetRef.kind ?? '', name: h.spec?.scaleTargetRef.name ?? '' },
    };
  }

  async setHpaRange(name: string, range: { minReplicas: number; maxReplicas: number }): Promise<void> {
    await this.call('patch', 'autoscaling', 'horizontalpodautoscalers', ['get', 'patch'],
      () => this.autoscaling.patchNamespacedHorizontalPodAutoscaler({ name, namespace: this.namespace, body: { spec: range } }, this.mergePatch));
  }

  /** One API call; a refusal becomes a one-line WorkloadControlError (403 → the Role rule to add). */
  private async call<T>(verb: string, group: string, resource: string, verbs: string[], fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const status = statusOf(error);
      const what = `${verb} ${resource}${group ? `.${group}` : ''} in namespace "${this.namespace}"`;
      if (status === 403) throw new WorkloadControlError(`forbidden to ${what} (403); add to the Role: ${ruleYaml({ group, resource, verbs })}`, status);
      if (status === 401) throw new WorkloadControlError(`the API server refused our credentials (401) when trying to ${what}: check the kubeconfig user or token`, status);
      const body = (error as { body?: unknown }).body;
      const message = typeof body === 'string' ? messageOf(body) : (error as Error).message;
      throw new WorkloadControlError(`cannot ${what}: ${status !== undefined ? `${status} ` : ''}${message}`, status);
    }
  }
}

function messageOf(body: string): string {
  try { return String((JSON.parse(body) as { message?: unknown }).message ?? body); } catch { return body; }
}

function toIso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' ? v : '';
}
