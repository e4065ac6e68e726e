import { randomBytes } from 'node:crypto';
import { computeDesiredReplicas, rescaleMessage, type HpaBehavior, type Recommendation, type ScaleEvent } from './hpa-algorithm';
import type { KubeObject, ObjectStore } from './object-store';

export interface SimDeploymentSpec {
  name: string;
  replicas: number;
  /** Per pod; utilization % = usage / request. */
  cpuRequestMillis: number;
  /** Current CPU usage of ONE ready pod in millicores; called at every sync and metrics poll. */
  cpuUsagePerPod: () => number;
  labels?: Record<string, string>;
}

export interface SimHpaSpec {
  name: string;
  /** Deployment name. */
  target: string;
  minReplicas: number;
  maxReplicas: number;
  targetCpuUtilization: number;
  behavior?: HpaBehavior;
}

export interface SimHistoryEntry {
  at: number;
  /** `deleteRequested`: a DELETE of the pod through the API (not the ReplicaSet scaling down). */
  kind: 'desired' | 'scale' | 'podReady' | 'podDeleted' | 'deleteRequested' | 'hpaRange';
  hpa?: string;
  deployment: string;
  from?: number;
  to?: number;
  pod?: string;
}

export interface SimTiming { syncPeriodMs: number; podStartDelayMs: number; podStopDelayMs: number }

interface DeploymentState { spec: SimDeploymentSpec; replicaSet: string; podSeq: number }
interface HpaState { spec: SimHpaSpec; recommendations: Recommendation[]; scaleEvents: ScaleEvent[]; lastScaleTime?: string }

/**
 * The controllers behind the simulated API: the Deployment controller (pods appear Pending, become
 * Ready after a start delay, terminate newest-first) and the HPA controller (the real algorithm on
 * a sync period), writing the same objects and Events a real control plane writes.
 */
export class SimCluster {
  private readonly deployments = new Map<string, DeploymentState>();
  private readonly hpas = new Map<string, HpaState>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly log: SimHistoryEntry[] = [];
  private readonly readyListeners: Array<(deployment: string, ready: number) => void> = [];
  private syncTimer?: NodeJS.Timeout;

  constructor(private readonly store: ObjectStore, readonly namespace: string, private readonly timing: SimTiming) {}

  start(): void {
    this.syncTimer = setInterval(() => this.syncAll(), this.timing.syncPeriodMs);
    this.syncTimer.unref();
  }

  stop(): void {
    clearInterval(this.syncTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  history(): SimHistoryEntry[] {
    return this.log.slice();
  }

  onReadyReplicas(listener: (deployment: string, ready: number) => void): void {
    this.readyListeners.push(listener);
  }

  addDeployment(spec: SimDeploymentSpec): void {
    const labels = spec.labels ?? { app: spec.name };
    const state: DeploymentState = { spec: { ...spec, labels }, replicaSet: `${spec.name}-${hex(10)}`, podSeq: 0 };
    this.deployments.set(spec.name, state);
    const template = { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'scaletrace/demo-target', resources: { requests: { cpu: `${spec.cpuRequestMillis}m` } } }] } };
    const deployment = this.store.put('deployments', {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: spec.name, namespace: this.namespace, labels, generation: 1 },
      spec: { replicas: spec.replicas, selector: { matchLabels: labels }, template },
      status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, updatedReplicas: 0, observedGeneration: 1 },
    });
    // The Deployment's one ReplicaSet, which owns the pods (`kubectl get rs`, `describe deployment`).
    this.store.put('replicasets', {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name: state.replicaSet, namespace: this.namespace, uid: state.replicaSet, labels, generation: 1,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: spec.name, uid: deployment.metadata.uid as string, controller: true }],
      },
      spec: { replicas: spec.replicas, selector: { matchLabels: labels }, template },
      status: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 },
    });
    this.reconcile(spec.name);
  }

  addHpa(spec: SimHpaSpec): void {
    this.hpas.set(spec.name, { spec, recommendations: [], scaleEvents: [] });
    this.store.put('horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
      metadata: { name: spec.name, namespace: this.namespace },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: spec.target },
        minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCpuUtilization } } }],
        ...(spec.behavior ? { behavior: spec.behavior } : {}),
      },
      status: { currentReplicas: this.specReplicas(spec.target), desiredReplicas: this.specReplicas(spec.target), currentMetrics: [], conditions: [] },
    });
  }

  readyPods(deployment: string): KubeObject[] {
    return this.pods(deployment).filter((p) => isReady(p) && !p.metadata.deletionTimestamp);
  }

  readyReplicas(deployment: string): number {
    return this.readyPods(deployment).length;
  }

  /** CPU usage of one ready pod of `deployment` now (millicores). */
  usagePerPod(deployment: string): number {
    return Math.max(0, this.deployments.get(deployment)?.spec.cpuUsagePerPod() ?? 0);
  }

  /** `kubectl scale` / the HPA's write to the scale subresource. */
  setReplicas(deployment: string, replicas: number): void {
    const d = this.store.get('deployments', this.namespace, deployment);
    if (!d) return;
    const spec = d.spec as { replicas: number };
    if (spec.replicas === replicas) return;
    const from = spec.replicas;
    this.log.push({ at: Date.now(), kind: 'scale', deployment, from, to: replicas });
    spec.replicas = replicas;
    d.metadata.generation = (d.metadata.generation ?? 1) + 1;
    this.store.put('deployments', d);
    this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${replicas > from ? 'up' : 'down'} replica set ${this.deployments.get(deployment)?.replicaSet ?? deployment} from ${from} to ${replicas}`, 'deployment-controller');
    this.reconcile(deployment);
  }

  specReplicas(deployment: string): number {
    const d = this.store.get('deployments', this.namespace, deployment);
    return (d?.spec as { replicas?: number } | undefined)?.replicas ?? 0;
  }

  /**
   * DELETE /api/v1/…/pods/NAME: the pod terminates at once (Ready False, endpoints gone, Killing) and
   * disappears after its grace period, capped by the stop delay (the time the container takes to exit;
   * 0 = force); its ReplicaSet sees one pod missing and creates the replacement immediately.
   */
  deletePod(podName: string, gracePeriodSeconds?: number): KubeObject | undefined {
    const pod = this.store.get('pods', this.namespace, podName);
    if (!pod) return undefined;
    const deployment = [...this.deployments.values()].find((d) => d.replicaSet === pod.metadata.ownerReferences?.[0]?.name)?.spec.name ?? '';
    this.log.push({ at: Date.now(), kind: 'deleteRequested', deployment, pod: podName });
    if (pod.metadata.deletionTimestamp) return pod;
    const stopMs = gracePeriodSeconds === undefined ? this.timing.podStopDelayMs : Math.min(this.timing.podStopDelayMs, gracePeriodSeconds * 1000);
    this.terminatePod(deployment, pod, stopMs);
    if (deployment) this.reconcile(deployment);
    return this.store.get('pods', this.namespace, podName) ?? pod;
  }

  /** A merge patch of the HPA's spec.minReplicas / spec.maxReplicas (what `kubectl patch hpa` sends). */
  patchHpaRange(name: string, range: { minReplicas?: number; maxReplicas?: number }): KubeObject | undefined {
    const h = this.hpas.get(name);
    const hpa = this.store.get('horizontalpodautoscalers', this.namespace, name);
    if (!h || !hpa) return undefined;
    h.spec = { ...h.spec, ...(range.minReplicas !== undefined ? { minReplicas: range.minReplicas } : {}), ...(range.maxReplicas !== undefined ? { maxReplicas: range.maxReplicas } : {}) };
    hpa.spec = { ...(hpa.spec as object), minReplicas: h.spec.minReplicas, maxReplicas: h.spec.maxReplicas };
    this.log.push({ at: Date.now(), kind: 'hpaRange', hpa: name, deployment: h.spec.target, from: h.spec.minReplicas, to: h.spec.maxReplicas });
    return this.store.put('horizontalpodautoscalers', hpa);
  }

  /** The HPA's current min/max (for tests and the validation of a patch). */
  hpaRange(name: string): { minReplicas: number; maxReplicas: number } | undefined {
    const h = this.hpas.get(name);
    return h && { minReplicas: h.spec.minReplicas, maxReplicas: h.spec.maxReplicas };
  }

  /** A container crash: restartCount++, lastState.terminated, a Warning BackOff event. */
  podCrash(podName: string, reason: 'OOMKilled' | 'Error'): void {
    const pod = this.store.get('pods', this.namespace, podName);
    if (!pod) throw new Error(`no pod ${podName}`);
    const status = pod.status as { containerStatuses: Array<Record<string, unknown>> };
    const cs = status.containerStatuses[0] as { restartCount: number; lastState: unknown; state: unknown };
    cs.restartCount += 1;
    cs.lastState = { terminated: { exitCode: reason === 'OOMKilled' ? 137 : 1, reason, finishedAt: new Date().toISOString() } };
    cs.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=app pod=${podName}` } };
    this.store.put('pods', pod);
    this.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container app in pod ' + podName, 'kubelet');
  }

  private pods(deployment: string): KubeObject[] {
    const rs = this.deployments.get(deployment)?.replicaSet;
    return this.store.list('pods', this.namespace).filter((p) => p.metadata.ownerReferences?.[0]?.name === rs);
  }

  /** The Deployment + ReplicaSet controllers: converge pods on spec.replicas. */
  private reconcile(deployment: string): void {
    const state = this.deployments.get(deployment);
    if (!state) return;
    const want = this.specReplicas(deployment);
    const live = this.pods(deployment).filter((p) => !p.metadata.deletionTimestamp);
    for (let i = live.length; i < want; i++) this.createPod(state);
    if (live.length > want) {
      // Newest first, like the ReplicaSet controller's preference for young, unready pods.
      const victims = live.sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || b.metadata.name.localeCompare(a.metadata.name)).slice(0, live.length - want);
      for (const pod of victims) this.terminatePod(deployment, pod);
    }
    this.updateDeploymentStatus(deployment);
  }

  private createPod(state: DeploymentState): void {
    const name = `${state.replicaSet}-${suffix(++state.podSeq)}`;
    const labels = state.spec.labels ?? { app: state.spec.name };
    const pod = this.store.put('pods', {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace: this.namespace, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: state.replicaSet, uid: state.replicaSet, controller: true }] },
      spec: { containers: [{ name: 'app', resources: { requests: { cpu: `${state.spec.cpuRequestMillis}m` } } }] },
      status: {
        phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: new Date().toISOString() }, { type: 'Ready', status: 'False', lastTransitionTime: new Date().toISOString() }],
        containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} }],
      },
    });
    this.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${this.namespace}/${name} to scaletrace-sim-node`, 'default-scheduler');
    this.later(this.timing.podStartDelayMs, () => this.podReady(state.spec.name, name));
  }

  private podReady(deployment: string, name: string): void {
    const pod = this.store.get('pods', this.namespace, name);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const now = new Date().toISOString();
    pod.status = {
      ...(pod.status as object), phase: 'Running', podIP: `10.0.0.${(this.pods(deployment).length % 250) + 2}`, startTime: now,
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now }, { type: 'Ready', status: 'True', lastTransitionTime: now }, { type: 'ContainersReady', status: 'True', lastTransitionTime: now }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, started: true, state: { running: { startedAt: now } }, lastState: {} }],
    };
    this.store.put('pods', pod);
    this.event(pod, 'Normal', 'Started', 'Started container app', 'kubelet');
    this.log.push({ at: Date.now(), kind: 'podReady', deployment, pod: name });
    this.updateDeploymentStatus(deployment);
  }

  private terminatePod(deployment: string, pod: KubeObject, stopMs = this.timing.podStopDelayMs): void {
    pod.metadata.deletionTimestamp = new Date().toISOString();
    const status = pod.status as { conditions?: Array<{ type: string; status: string }> };
    for (const c of status.conditions ?? []) if (c.type === 'Ready') c.status = 'False';
    this.store.put('pods', pod);
    this.event(pod, 'Normal', 'Killing', 'Stopping container app', 'kubelet');
    const remove = (): void => {
      this.store.remove('pods', this.namespace, pod.metadata.name);
      this.log.push({ at: Date.now(), kind: 'podDeleted', deployment, pod: pod.metadata.name });
      this.updateDeploymentStatus(deployment);
    };
    if (stopMs <= 0) remove();
    else this.later(stopMs, remove);
  }

  private updateDeploymentStatus(deployment: string): void {
    const d = this.store.get('deployments', this.namespace, deployment);
    if (!d) return;
    const pods = this.pods(deployment);
    const ready = this.readyReplicas(deployment);
    this.updateReplicaSet(deployment, pods.length, ready);
    const before = d.status as { readyReplicas?: number; replicas?: number };
    const status = { replicas: pods.length, updatedReplicas: pods.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: d.metadata.generation ?? 1 };
    if (before.readyReplicas === ready && before.replicas === pods.length) return;
    d.status = status;
    this.store.put('deployments', d);
    if (before.readyReplicas !== ready) for (const l of this.readyListeners) l(deployment, ready);
  }

  private updateReplicaSet(deployment: string, replicas: number, ready: number): void {
    const name = this.deployments.get(deployment)?.replicaSet;
    const rs = name === undefined ? undefined : this.store.get('replicasets', this.namespace, name);
    if (!rs) return;
    const want = this.specReplicas(deployment);
    const spec = rs.spec as { replicas: number };
    const status = { replicas, fullyLabeledReplicas: replicas, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation ?? 1 };
    if (spec.replicas === want && JSON.stringify(rs.status) === JSON.stringify(status)) return;
    if (spec.replicas !== want) rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
    rs.spec = { ...spec, replicas: want };
    rs.status = { ...status, observedGeneration: rs.metadata.generation ?? 1 };
    this.store.put('replicasets', rs);
  }

  private syncAll(): void {
    for (const h of this.hpas.values()) this.syncHpa(h);
  }

  /** One HPA controller sync: measure, decide, write status, scale, record the Event. */
  private syncHpa(h: HpaState): void {
    const hpa = this.store.get('horizontalpodautoscalers', this.namespace, h.spec.name);
    const state = this.deployments.get(h.spec.target);
    if (!hpa || !state) return;
    const now = Date.now();
    const current = this.specReplicas(h.spec.target);
    const ready = this.readyPods(h.spec.target);
    const conditions: Array<Record<string, string>> = [];
    const before = (hpa.status as { conditions?: Array<Record<string, string>> }).conditions ?? [];
    const cond = (type: string, status: string, reason: string, message: string): void => {
      // As the controller's setCondition: the transition time moves only when the status changes.
      const kept = before.find((c) => c.type === type && c.status === status)?.lastTransitionTime;
      conditions.push({ type, status, reason, message, lastTransitionTime: kept ?? new Date(now).toISOString() });
    };
    if (ready.length === 0) {
      cond('AbleToScale', 'True', 'SucceededGetScale', 'the HPA controller was able to get the target\'s current scale');
      cond('ScalingActive', 'False', 'FailedGetResourceMetric', 'the HPA was unable to compute the replica count: did not receive metrics for targeted pods (pods might be unready)');
      const previous = JSON.stringify(hpa.status);
      hpa.status = { ...(hpa.status as object), currentReplicas: current, desiredReplicas: current, conditions };
      // The controller writes the status only when it changed (no MODIFIED event every sync).
      if (JSON.stringify(hpa.status) !== previous) this.store.put('horizontalpodautoscalers', hpa);
      this.event(hpa, 'Warning', 'FailedGetResourceMetric', 'failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)', 'horizontal-pod-autoscaler');
      return;
    }
    const usage = this.usagePerPod(h.spec.target);
    const utilization = Math.round((usage / state.spec.cpuRequestMillis) * 100);
    const decision = computeDesiredReplicas({
      now, currentReplicas: current, minReplicas: h.spec.minReplicas, maxReplicas: h.spec.maxReplicas,
      utilization, targetUtilization: h.spec.targetCpuUtilization, readyPods: ready.length,
      behavior: h.spec.behavior, recommendations: h.recommendations, scaleEvents: h.scaleEvents,
    });
    h.recommendations.push({ at: now, replicas: decision.raw });
    const keepMs = 3_600_000;
    h.recommendations = h.recommendations.filter((r) => r.at > now - keepMs);
    h.scaleEvents = h.scaleEvents.filter((e) => e.at > now - keepMs);
    cond('AbleToScale', 'True', decision.desired === current ? 'ReadyForNewScale' : 'SucceededRescale',
      decision.desired === current ? 'recommended size matches current size' : `the HPA controller was able to update the target scale to ${decision.desired}`);
    cond('ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)');
    if (decision.limitedBy === 'TooManyReplicas' || decision.limitedBy === 'TooFewReplicas') {
      cond('ScalingLimited', 'True', decision.limitedBy, `the desired replica count is ${decision.limitedBy === 'TooManyReplicas' ? 'more than the maximum' : 'less than the minimum'} replica count`);
    } else if (decision.limitedBy) {
      cond('ScalingLimited', 'True', decision.limitedBy, `the desired replica count is ${decision.limitedBy === 'ScaleUpLimit' ? 'increasing faster' : 'decreasing faster'} than the maximum scale rate`);
    } else {
      cond('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range');
    }
    const status = hpa.status as { lastScaleTime?: string; desiredReplicas?: number };
    if (decision.desired !== current) {
      h.scaleEvents.push({ at: now, change: decision.desired - current });
      h.lastScaleTime = new Date(now).toISOString();
      this.log.push({ at: now, kind: 'desired', hpa: h.spec.name, deployment: h.spec.target, from: current, to: decision.desired });
    }
    hpa.status = {
      currentReplicas: current, desiredReplicas: decision.desired,
      ...(h.lastScaleTime ? { lastScaleTime: h.lastScaleTime } : {}),
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: utilization, averageValue: `${Math.round(usage)}m` } } }],
      conditions,
    };
    if (JSON.stringify(status) !== JSON.stringify(hpa.status)) this.store.put('horizontalpodautoscalers', hpa);
    if (decision.desired !== current) {
      this.setReplicas(h.spec.target, decision.desired);
      this.event(hpa, 'Normal', 'SuccessfulRescale', rescaleMessage(decision.desired, decision.desired > current ? 'above' : 'below'), 'horizontal-pod-autoscaler');
    }
  }

  private event(about: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    const now = new Date().toISOString();
    this.store.put('events', {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: `${about.metadata.name}.${hex(16)}`, namespace: this.namespace },
      involvedObject: { apiVersion: about.apiVersion, kind: about.kind, name: about.metadata.name, namespace: this.namespace, uid: about.metadata.uid, resourceVersion: about.metadata.resourceVersion },
      reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now, eventTime: null,
      source: { component }, reportingComponent: component, reportingInstance: '',
    });
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => { this.timers.delete(t); fn(); }, ms);
    this.timers.add(t);
  }
}

export function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function hex(n: number): string {
  return randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
}

/** Pod name suffixes look like Kubernetes' (5 chars from bcdfghjklmnpqrstvwxz2456789). */
function suffix(seq: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  let n = seq * 7919 + randomBytes(2).readUInt16BE(0);
  for (let i = 0; i < 5; i++) { out += alphabet[n % alphabet.length]; n = Math.floor(n / alphabet.length) + seq; }
  return out;
}
