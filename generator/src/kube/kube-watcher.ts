import { asList, checkAutoscalingV2, connect, type KubeClient, type KubeObjectLike } from './client';
import { EpisodeTracker } from './episode-tracker';
import { isPodReady, podProblems } from './pod-problems';
import { rbacMessage } from './rbac-message';
import { ResourceWatch, statusOf, type ChangeType } from './resource-watch';
import { KubeConfigError, type HpaSample, type KubeWatcher, type KubeWatcherOptions, type ScalingSummary } from './types';

interface WatchedHpa {
  name: string;
  tracker: EpisodeTracker;
  target?: { kind: 'Deployment' | 'StatefulSet'; name: string };
  targetWatch?: ResourceWatch;
  podWatch?: ResourceWatch;
  pods: Map<string, KubeObjectLike>;
}

/**
 * Watches HPAs, their scale targets, those targets' pods and the namespace's events through
 * @kubernetes/client-node, and turns them into samples, log records and scaling episodes.
 * Resolves once the HPAs have been listed; a denied resource is reported once and skipped.
 */
export async function startKubeWatcher(options: KubeWatcherOptions): Promise<KubeWatcher> {
  const client = await connect(options);
  try {
    await checkAutoscalingV2(client);
  } catch (error) {
    if (error instanceof KubeConfigError) throw error;
    const status = statusOf(error);
    if (status === 401) throw new KubeConfigError(`the API server at ${client.server} refused our credentials (401 Unauthorized)`);
    throw new Error(`cannot reach the Kubernetes API at ${client.server}: ${(error as Error).message}`);
  }
  const watcher = new Watcher(client, options);
  await watcher.start();
  return watcher;
}

class Watcher implements KubeWatcher {
  private readonly ns: string;
  private readonly hpas = new Map<string, WatchedHpa>();
  private readonly watches: ResourceWatch[] = [];
  private readonly problems: string[] = [];
  private readonly loggedEvents = new Map<string, number>();
  private readonly startedAt: number;
  private readonly now: () => number;
  private readonly say: (m: string) => void;
  private metricsTimer?: NodeJS.Timeout;
  private metricsMissingSaid = false;
  private stopped?: Promise<ScalingSummary>;

  constructor(private readonly client: KubeClient, private readonly opts: KubeWatcherOptions) {
    this.ns = client.namespace;
    this.now = opts.now ?? Date.now;
    this.startedAt = this.now();
    this.say = opts.log ?? (() => undefined);
  }

  async start(): Promise<void> {
    const { k8s, config } = this.client;
    const autoscaling = config.makeApiClient(k8s.AutoscalingV2Api);
    const hpaWatch = this.resourceWatch('horizontalpodautoscalers', 'autoscaling', `/apis/autoscaling/v2/namespaces/${this.ns}/horizontalpodautoscalers`,
      this.opts.labelSelector ? { labelSelector: this.opts.labelSelector } : {},
      async () => asList(await autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace: this.ns, labelSelector: this.opts.labelSelector })),
      (type, o) => this.onHpa(type, o));
    await this.startWatch(hpaWatch);
    const core = config.makeApiClient(k8s.CoreV1Api);
    const eventWatch = this.resourceWatch('events', '', `/api/v1/namespaces/${this.ns}/events`, {},
      async () => asList(await core.listNamespacedEvent({ namespace: this.ns })),
      (type, o) => this.onEvent(type, o));
    await this.startWatch(eventWatch);
    const poll = this.opts.metricsPollMs ?? 15_000;
    this.metricsTimer = setInterval(() => void this.pollMetrics(), poll);
    this.metricsTimer.unref();
    void this.pollMetrics();
  }

  markLoadStep(at: number, direction: 'up' | 'down'): void {
    for (const h of this.hpas.values()) h.tracker.markLoadStep(at, direction);
    this.pendingSteps.push({ at, direction });
  }

  private readonly pendingSteps: Array<{ at: number; direction: 'up' | 'down' }> = [];

  summary(): ScalingSummary {
    const at = this.now();
    return {
      namespace: this.ns, watcherAvailable: true, problems: this.problems.slice(),
      hpas: [...this.hpas.values()].map((h) => h.tracker.summary(at)),
    };
  }

  stop(): Promise<ScalingSummary> {
    this.stopped ??= (async () => {
      clearInterval(this.metricsTimer);
      await Promise.all([...this.watches, ...[...this.hpas.values()].flatMap((h) => [h.targetWatch, h.podWatch])].map((w) => w?.stop()));
      const at = this.now();
      for (const h of this.hpas.values()) h.tracker.finish(at);
      return this.summary();
    })();
    return this.stopped;
  }

  // ---- HPAs ---------------------------------------------------------------------------------
  private onHpa(type: ChangeType, o: KubeObjectLike): void {
    const name = o.metadata?.name ?? '';
    const wanted = this.opts.hpas === undefined || this.opts.hpas.length === 0 || this.opts.hpas.includes(name);
    if (!wanted || type === 'DELETED') return;
    const spec = o.spec as { scaleTargetRef?: { kind?: string; name?: string }; minReplicas?: number; maxReplicas?: number; metrics?: MetricSpec[] } | undefined;
    const status = o.status as { currentReplicas?: number; desiredReplicas?: number; currentMetrics?: MetricStatus[]; conditions?: Array<{ type?: string; status?: string; reason?: string }>; lastScaleTime?: unknown } | undefined;
    let h = this.hpas.get(name);
    if (!h) {
      const ref = spec?.scaleTargetRef;
      const kind = ref?.kind === 'StatefulSet' ? 'StatefulSet' : 'Deployment';
      h = {
        name, pods: new Map(),
        target: ref?.name ? { kind, name: ref.name } : undefined,
        tracker: new EpisodeTracker({
          hpa: name, namespace: this.ns, target: { kind, name: ref?.name ?? '?' }, tolerance: this.opts.tolerance ?? 0.1,
          onEpisode: (e) => this.opts.listener.episode(e),
        }),
      };
      for (const s of this.pendingSteps) h.tracker.markLoadStep(s.at, s.direction);
      this.hpas.set(name, h);
      this.watchTarget(h);
    }
    const at = this.now();
    const metrics = (spec?.metrics ?? []).map((m) => metricSample(m, status?.currentMetrics ?? []));
    const cpu = metrics.find((m) => m.name === 'cpu') ?? metrics[0];
    const sample: HpaSample = {
      at, hpa: name, namespace: this.ns,
      current: status?.currentReplicas ?? 0, desired: status?.desiredReplicas ?? status?.currentReplicas ?? 0,
      min: spec?.minReplicas ?? 1, max: spec?.maxReplicas ?? 0, metrics,
      conditions: (status?.conditions ?? []).map((c) => ({ type: c.type ?? '', status: c.status ?? '', reason: c.reason })),
      lastScaleTime: timeString(status?.lastScaleTime),
    };
    h.tracker.hpa(at, { current: sample.current, desired: sample.desired, min: sample.min, max: sample.max, utilization: cpu?.current, target: cpu?.target });
    h.tracker.setLastScaleTime(sample.lastScaleTime);
    this.opts.listener.hpa(sample);
  }

  private watchTarget(h: WatchedHpa): void {
    const target = h.target;
    if (!target) return;
    const { k8s, config } = this.client;
    const apps = config.makeApiClient(k8s.AppsV1Api);
    const plural = target.kind === 'StatefulSet' ? 'statefulsets' : 'deployments';
    const fieldSelector = `metadata.name=${target.name}`;
    h.targetWatch = this.resourceWatch(plural, 'apps', `/apis/apps/v1/namespaces/${this.ns}/${plural}`, { fieldSelector },
      async () => asList(target.kind === 'StatefulSet'
        ? await apps.listNamespacedStatefulSet({ namespace: this.ns, fieldSelector })
        : await apps.listNamespacedDeployment({ namespace: this.ns, fieldSelector })),
      (type, o) => this.onTarget(h, type, o));
    void this.startWatch(h.targetWatch, false);
  }

  private onTarget(h: WatchedHpa, type: ChangeType, o: KubeObjectLike): void {
    if (type === 'DELETED' || !h.target) return;
    const spec = o.spec as { replicas?: number; selector?: { matchLabels?: Record<string, string> } } | undefined;
    const status = o.status as { readyReplicas?: number; availableReplicas?: number } | undefined;
    const at = this.now();
    const ready = status?.readyReplicas ?? 0;
    h.tracker.targetReady(at, ready, spec?.replicas);
    this.opts.listener.scaleTarget({
      at, hpa: h.name, kind: h.target.kind, name: h.target.name, namespace: this.ns,
      desired: spec?.replicas ?? 0, ready, available: status?.availableReplicas ?? 0,
    });
    const labels = spec?.selector?.matchLabels;
    if (!h.podWatch && labels && Object.keys(labels).length > 0) this.watchPods(h, Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(','));
  }

  // ---- pods ---------------------------------------------------------------------------------
  private watchPods(h: WatchedHpa, labelSelector: string): void {
    const { k8s, config } = this.client;
    const core = config.makeApiClient(k8s.CoreV1Api);
    h.podWatch = this.resourceWatch('pods', '', `/api/v1/namespaces/${this.ns}/pods`, { labelSelector },
      async () => asList(await core.listNamespacedPod({ namespace: this.ns, labelSelector })),
      (type, o) => this.onPod(h, type, o));
    void this.startWatch(h.podWatch, false);
  }

  private onPod(h: WatchedHpa, type: ChangeType, o: KubeObjectLike): void {
    const name = o.metadata?.name ?? '';
    const previous = h.pods.get(name);
    if (type === 'DELETED') {
      h.pods.delete(name);
      return;
    }
    h.pods.set(name, o);
    const at = this.now();
    if (isPodReady(o) && !isPodReady(previous)) h.tracker.step(at, `pod ${name} Ready`);
    for (const p of podProblems(previous, o)) {
      h.tracker.podFailure(at, name, p.reason);
      this.opts.listener.log({
        at, severity: p.severity, body: p.message,
        attributes: { 'k8s.namespace.name': this.ns, 'k8s.object.kind': 'Pod', 'k8s.object.name': name, 'k8s.pod.name': name, 'k8s.event.reason': p.reason, 'k8s.hpa.name': h.name },
      });
    }
  }

  // ---- events -------------------------------------------------------------------------------
  private onEvent(type: ChangeType, o: KubeObjectLike): void {
    if (type === 'DELETED') return;
    const involved = o.involvedObject as { kind?: string; name?: string } | undefined;
    const reason = String(o.reason ?? '');
    const count = Number(o.count ?? 1);
    const uid = o.metadata?.uid ?? o.metadata?.name ?? '';
    // Each (event, count) once: a relist or a repeated MODIFIED does not log it twice.
    if ((this.loggedEvents.get(uid) ?? 0) >= count) return;
    this.loggedEvents.set(uid, count);
    const when = Date.parse(timeString(o.lastTimestamp) ?? timeString(o.eventTime) ?? '') || this.now();
    if (when < this.startedAt - 1000) return; // history from before we started watching
    const h = this.hpaFor(involved);
    if (!h) return;
    const at = this.now();
    const warning = o.type === 'Warning';
    if (reason === 'SuccessfulRescale' && involved?.kind === 'HorizontalPodAutoscaler') h.tracker.step(at, `SuccessfulRescale: ${String(o.message ?? '')}`, true);
    if (involved?.kind === 'Pod' && (reason === 'FailedScheduling')) h.tracker.podFailure(at, involved.name ?? '?', 'Unschedulable');
    this.opts.listener.log({
      at, severity: warning ? 'WARN' : 'INFO', body: String(o.message ?? reason),
      attributes: {
        'k8s.namespace.name': this.ns, 'k8s.object.kind': involved?.kind ?? '', 'k8s.object.name': involved?.name ?? '',
        'k8s.event.reason': reason, 'k8s.event.type': String(o.type ?? ''), 'k8s.hpa.name': h.name,
        ...(involved?.kind === 'Pod' ? { 'k8s.pod.name': involved.name ?? '' } : {}),
      },
    });
  }

  private hpaFor(involved: { kind?: string; name?: string } | undefined): WatchedHpa | undefined {
    if (!involved?.name) return undefined;
    for (const h of this.hpas.values()) {
      if (involved.kind === 'HorizontalPodAutoscaler' && involved.name === h.name) return h;
      if ((involved.kind === 'Deployment' || involved.kind === 'StatefulSet') && involved.name === h.target?.name) return h;
      if (involved.kind === 'Pod' && (h.pods.has(involved.name) || (h.target && involved.name.startsWith(`${h.target.name}-`)))) return h;
      if (involved.kind === 'ReplicaSet' && h.target && involved.name.startsWith(`${h.target.name}-`)) return h;
    }
    return undefined;
  }

  // ---- metrics.k8s.io -----------------------------------------------------------------------
  private async pollMetrics(): Promise<void> {
    const podNames = new Set([...this.hpas.values()].flatMap((h) => [...h.pods.keys()]));
    if (podNames.size === 0) return;
    try {
      const list = await new this.client.k8s.Metrics(this.client.config).getPodMetrics(this.ns);
      const at = this.now();
      for (const item of list.items) {
        const pod = item.metadata.name;
        if (!podNames.has(pod)) continue;
        let cpu = 0;
        let memory = 0;
        for (const c of item.containers) { cpu += parseCpu(c.usage.cpu); memory += parseMemory(c.usage.memory); }
        this.opts.listener.podMetrics({ at, namespace: this.ns, pod, cpuCores: cpu, memoryBytes: memory });
      }
    } catch (error) {
      if (this.metricsMissingSaid) return;
      this.metricsMissingSaid = true;
      const status = statusOf(error) ?? (error as { statusCode?: number }).statusCode;
      const message = `metrics-server not available (metrics.k8s.io/v1beta1 ${status ?? (error as Error).message}): no pod CPU/memory; replicas and lags are unaffected`;
      this.problems.push(message);
      this.say(message);
    }
  }

  // ---- plumbing -----------------------------------------------------------------------------
  private resourceWatch(resource: string, group: string, path: string, query: Record<string, string>,
    list: () => Promise<{ items: KubeObjectLike[]; resourceVersion: string }>, onChange: (type: ChangeType, o: KubeObjectLike) => void): ResourceWatch {
    let denied = false;
    return new ResourceWatch({
      resource, group, namespace: this.ns, path, query, list, client: this.client.watch,
      watchdogMs: this.opts.watchdogMs ?? 60_000, now: this.now, onChange, log: this.say,
      onDenied: (verb, status) => {
        if (denied) return;
        denied = true;
        const message = rbacMessage({ verb, resource, group, namespace: this.ns, status });
        this.problems.push(message);
        this.say(message);
      },
    });
  }

  private async startWatch(w: ResourceWatch, track = true): Promise<void> {
    if (track) this.watches.push(w);
    try {
      await w.start();
    } catch (error) {
      const status = statusOf(error);
      if (status === 401 || status === 403) return; // reported once by onDenied; the rest goes on
      this.say(`list failed: ${(error as Error).message}; retrying in the background`);
      // The watch loop relists on its own; start it despite the failed first list.
      void (w as unknown as { loop(): Promise<void> }).loop?.call(w);
    }
  }
}

interface MetricSpec { type?: string; resource?: { name?: string; target?: { type?: string; averageUtilization?: number } } }
interface MetricStatus { type?: string; resource?: { name?: string; current?: { averageUtilization?: number } } }

function metricSample(m: MetricSpec, current: MetricStatus[]): HpaSample['metrics'][number] {
  const name = m.resource?.name ?? m.type ?? '?';
  const now = current.find((c) => c.resource?.name === name);
  return {
    name, kind: m.type ?? 'Resource', type: m.resource?.target?.type ?? 'Utilization',
    current: now?.resource?.current?.averageUtilization, target: m.resource?.target?.averageUtilization,
  };
}

function timeString(v: unknown): string | undefined {
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' ? v : undefined;
}

/** Kubernetes quantities: "250m" cores, "123456789n" nanocores, "1" core. */
export function parseCpu(q: string): number {
  const m = /^([\d.]+)([num]?)$/.exec(q.trim());
  if (!m) return 0;
  const scale = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1 }[m[2] as 'n' | 'u' | 'm' | ''];
  return Number(m[1]) * scale;
}

/** "12345Ki", "64Mi", "1Gi", "1000000" bytes (also the decimal k/M/G). */
export function parseMemory(q: string): number {
  const m = /^([\d.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim());
  if (!m) return 0;
  const units: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(m[1]) * (m[2] ? units[m[2]] ?? 1 : 1);
}
