import { asList, checkAutoscalingV2, connect, type KubeClient, type KubeObjectLike } from './client';
import { EpisodeTracker } from './episode-tracker';
import { selectorString, type LabelSelector } from './label-selector';
import { isPodReady, podProblems } from './pod-problems';
import { parseCpu, parseMemory } from './quantities';
import { leadingMetric, metricSample, type MetricSpec, type MetricStatus } from './hpa-metrics';
import { rbacMessage } from './rbac-message';
import { ResourceWatch, statusOf, type ChangeType } from './resource-watch';
import { KubeConfigError, WatcherStartAborted, type HpaSample, type KubeWatcher, type KubeWatcherOptions, type ScalingSummary } from './types';

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
 * Resolves once the HPAs and events have been listed (each request bounded by requestTimeoutMs);
 * a denied resource is reported once and skipped. Aborting `signal` ends start-up at once.
 */
export async function startKubeWatcher(options: KubeWatcherOptions): Promise<KubeWatcher> {
  const client = await connect(options);
  const watcher = new Watcher(client, options);
  const { signal } = options;
  const onAbort = (): void => { void watcher.stop(); };
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  try {
    await watcher.start();
  } catch (error) {
    await watcher.stop();
    if (signal?.aborted) throw watcher.startAborted();
    if (error instanceof KubeConfigError) throw error;
    const status = statusOf(error);
    if (status === 401) throw new KubeConfigError(`the API server at ${client.server} refused our credentials (401 Unauthorized)`);
    if (status === 403) throw new Error(`the API server at ${client.server} forbids discovery (GET /apis, 403), so autoscaling/v2 cannot be checked: grant the system:discovery ClusterRole`);
    throw new Error(`cannot reach the Kubernetes API at ${client.server}: ${(error as Error).message}`);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) {
    await watcher.stop();
    throw watcher.startAborted();
  }
  return watcher;
}

class Watcher implements KubeWatcher {
  private readonly ns: string;
  private readonly hpas = new Map<string, WatchedHpa>();
  private readonly watches: ResourceWatch[] = [];
  private readonly problems: string[] = [];
  private readonly loggedEvents = new Map<string, number>();
  /** Load steps so far: HPAs discovered later still measure from them. */
  private readonly pendingSteps: Array<{ at: number; direction: 'up' | 'down' }> = [];
  private readonly startedWallMs = Date.now();
  private readonly now: () => number;
  private readonly say: (m: string) => void;
  private metricsTimer?: NodeJS.Timeout;
  private metricsMissing = false;
  private stopping = false;
  private stopped?: Promise<ScalingSummary>;

  constructor(private readonly client: KubeClient, private readonly opts: KubeWatcherOptions) {
    this.ns = client.namespace;
    this.now = opts.now ?? Date.now;
    this.say = opts.log ?? (() => undefined);
  }

  /** What start() is waiting for, for the message when it is aborted. */
  private pending = 'discovery (GET /apis)';

  async start(): Promise<void> {
    await checkAutoscalingV2(this.client);
    if (this.stopping) return;
    const { k8s, config } = this.client;
    const autoscaling = config.makeApiClient(k8s.AutoscalingV2Api);
    const core = config.makeApiClient(k8s.CoreV1Api);
    const hpaWatch = this.resourceWatch('horizontalpodautoscalers', 'autoscaling', `/apis/autoscaling/v2/namespaces/${this.ns}/horizontalpodautoscalers`,
      this.opts.labelSelector ? { labelSelector: this.opts.labelSelector } : {},
      async (signal) => asList(await autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace: this.ns, labelSelector: this.opts.labelSelector }, this.client.abortableBy(signal))),
      (type, o) => this.onHpa(type, o));
    const eventWatch = this.resourceWatch('events', '', `/api/v1/namespaces/${this.ns}/events`, {},
      async (signal) => asList(await core.listNamespacedEvent({ namespace: this.ns }, this.client.abortableBy(signal))),
      (type, o) => this.onEvent(type, o));
    this.pending = `the first lists of horizontalpodautoscalers and events in namespace "${this.ns}"`;
    // Both first lists at once: an unanswered list costs start-up one request timeout, not two.
    const [hpasListed] = await Promise.all([this.startWatch(hpaWatch), this.startWatch(eventWatch)]);
    if (this.stopping) return;
    if (hpasListed) this.reportMissingHpas();
    this.schedulePoll(0);
  }

  startAborted(): WatcherStartAborted {
    return new WatcherStartAborted(`the Kubernetes API at ${this.client.server} had not answered ${this.pending} yet`);
  }

  /** Named HPAs that do not exist (or no HPA at all) would silently measure nothing: say so. */
  private reportMissingHpas(): void {
    const found = [...this.hpas.keys()];
    const selector = this.opts.labelSelector ? ` matching "${this.opts.labelSelector}"` : '';
    const missing = (this.opts.hpas ?? []).filter((n) => !this.hpas.has(n));
    const message = missing.length > 0
      ? `HorizontalPodAutoscaler ${missing.map((n) => `"${n}"`).join(', ')} not found in namespace "${this.ns}"${selector} (found: ${found.join(', ') || 'none'}); watching for it`
      : found.length === 0 ? `no HorizontalPodAutoscaler in namespace "${this.ns}"${selector}; watching for one` : undefined;
    if (message === undefined) return;
    this.problems.push(message);
    this.say(message);
  }

  private problem(message: string): void {
    this.problems.push(message);
    this.say(message);
  }

  markLoadStep(at: number, direction: 'up' | 'down'): void {
    for (const h of this.hpas.values()) h.tracker.markLoadStep(at, direction);
    this.pendingSteps.push({ at, direction });
  }

  summary(): ScalingSummary {
    const at = this.now();
    return {
      namespace: this.ns, watcherAvailable: true, problems: this.problems.slice(),
      hpas: [...this.hpas.values()].map((h) => h.tracker.summary(at)),
    };
  }

  stop(): Promise<ScalingSummary> {
    this.stopped ??= (async () => {
      this.stopping = true;
      clearTimeout(this.metricsTimer);
      // Every request still in flight (a discovery call, a metrics poll, any list or watch) ends now.
      this.client.close();
      await Promise.all([...this.watches, ...[...this.hpas.values()].flatMap((h) => [h.targetWatch, h.podWatch])].map((w) => w?.stop()));
      const at = this.now();
      for (const h of this.hpas.values()) h.tracker.finish(at);
      return this.summary();
    })();
    return this.stopped;
  }

  // ---- HPAs ---------------------------------------------------------------------------------
  private onHpa(type: ChangeType, o: KubeObjectLike): void {
    if (this.stopping) return; // a late delivery must not open an episode after stop()
    const name = o.metadata?.name ?? '';
    const wanted = this.opts.hpas === undefined || this.opts.hpas.length === 0 || this.opts.hpas.includes(name);
    if (!wanted || type === 'DELETED') return;
    const spec = o.spec as { scaleTargetRef?: { kind?: string; name?: string }; minReplicas?: number; maxReplicas?: number; metrics?: MetricSpec[] } | undefined;
    const status = o.status as { currentReplicas?: number; desiredReplicas?: number; currentMetrics?: MetricStatus[]; conditions?: Array<{ type?: string; status?: string; reason?: string }>; lastScaleTime?: unknown } | undefined;
    let h = this.hpas.get(name);
    if (!h) {
      const ref = spec?.scaleTargetRef;
      const kind = ref?.kind === 'StatefulSet' ? 'StatefulSet' : 'Deployment';
      const supported = ref?.kind === 'StatefulSet' || ref?.kind === 'Deployment';
      if (!supported) this.problem(`HorizontalPodAutoscaler "${name}" scales a ${ref?.kind ?? '?'} "${ref?.name ?? '?'}": only Deployment and StatefulSet targets are watched, so its episodes cannot complete`);
      h = {
        name, pods: new Map(),
        target: ref?.name && supported ? { kind, name: ref.name } : undefined,
        tracker: new EpisodeTracker({
          hpa: name, namespace: this.ns, target: { kind: ref?.kind ?? kind, name: ref?.name ?? '?' }, tolerance: this.opts.tolerance ?? 0.1,
          onEpisode: (e) => this.opts.listener.episode(e),
        }),
      };
      for (const s of this.pendingSteps) h.tracker.markLoadStep(s.at, s.direction);
      this.hpas.set(name, h);
      this.watchTarget(h);
    }
    const at = this.now();
    const metrics = (spec?.metrics ?? []).map((m) => metricSample(m, status?.currentMetrics ?? []));
    const cpu = leadingMetric(metrics);
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
      async (signal) => asList(target.kind === 'StatefulSet'
        ? await apps.listNamespacedStatefulSet({ namespace: this.ns, fieldSelector }, this.client.abortableBy(signal))
        : await apps.listNamespacedDeployment({ namespace: this.ns, fieldSelector }, this.client.abortableBy(signal))),
      (type, o) => this.onTarget(h, type, o));
    void this.startWatch(h.targetWatch, false);
  }

  private onTarget(h: WatchedHpa, type: ChangeType, o: KubeObjectLike): void {
    if (this.stopping) return; // a late delivery must not open an episode after stop()
    if (type === 'DELETED' || !h.target) return;
    const spec = o.spec as { replicas?: number; selector?: LabelSelector } | undefined;
    const status = o.status as { readyReplicas?: number; availableReplicas?: number } | undefined;
    const at = this.now();
    const ready = status?.readyReplicas ?? 0;
    h.tracker.targetReady(at, ready, spec?.replicas);
    this.opts.listener.scaleTarget({
      at, hpa: h.name, kind: h.target.kind, name: h.target.name, namespace: this.ns,
      desired: spec?.replicas ?? 0, ready, available: status?.availableReplicas ?? 0,
    });
    const selector = selectorString(spec?.selector);
    if (!h.podWatch && selector) this.watchPods(h, selector);
  }

  // ---- pods ---------------------------------------------------------------------------------
  private watchPods(h: WatchedHpa, labelSelector: string): void {
    const { k8s, config } = this.client;
    const core = config.makeApiClient(k8s.CoreV1Api);
    h.podWatch = this.resourceWatch('pods', '', `/api/v1/namespaces/${this.ns}/pods`, { labelSelector },
      async (signal) => asList(await core.listNamespacedPod({ namespace: this.ns, labelSelector }, this.client.abortableBy(signal))),
      (type, o) => this.onPod(h, type, o));
    void this.startWatch(h.podWatch, false);
  }

  private onPod(h: WatchedHpa, type: ChangeType, o: KubeObjectLike): void {
    if (this.stopping) return; // a late delivery must not open an episode after stop()
    const name = o.metadata?.name ?? '';
    const previous = h.pods.get(name);
    const at = this.now();
    if (type === 'DELETED') {
      h.pods.delete(name);
      return;
    }
    h.pods.set(name, o);
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
    if (this.stopping) return; // a late delivery must not open an episode after stop()
    if (type === 'DELETED') return;
    const involved = o.involvedObject as { kind?: string; name?: string } | undefined;
    const reason = String(o.reason ?? '');
    const count = Number(o.count ?? 1);
    const uid = o.metadata?.uid ?? o.metadata?.name ?? '';
    // Each (event, count) once: a relist or a repeated MODIFIED does not log it twice.
    if ((this.loggedEvents.get(uid) ?? 0) >= count) return;
    this.loggedEvents.set(uid, count);
    // Event timestamps are the cluster's wall clock: compare with ours, not with the injectable `now`.
    const when = Date.parse(timeString(o.lastTimestamp) ?? timeString(o.eventTime) ?? '') || Date.now();
    if (when < this.startedWallMs - 1000) return; // history from before we started watching
    const h = this.hpaFor(involved);
    if (!h) return;
    const at = this.now();
    const warning = o.type === 'Warning';
    if (reason === 'SuccessfulRescale' && involved?.kind === 'HorizontalPodAutoscaler') h.tracker.rescaleEvent(at, String(o.message ?? ''));
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
  private schedulePoll(delayMs: number): void {
    if (this.stopping) return;
    this.metricsTimer = setTimeout(() => {
      void this.pollMetrics().then((next) => { if (next !== undefined) this.schedulePoll(next); });
    }, delayMs);
    this.metricsTimer.unref();
  }

  /** One poll of metrics.k8s.io; resolves to the delay before the next (undefined: stop polling). */
  private async pollMetrics(): Promise<number | undefined> {
    const poll = this.opts.metricsPollMs ?? 15_000;
    const podNames = new Set([...this.hpas.values()].flatMap((h) => [...h.pods.keys()]));
    if (podNames.size === 0) return poll;
    try {
      // Through the generated API (not client-node's Metrics helper, which sends without a signal).
      const list = await this.client.config.makeApiClient(this.client.k8s.CustomObjectsApi)
        .listNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace: this.ns, plural: 'pods' }) as PodMetricsList;
      if (this.stopping) return undefined;
      if (this.metricsMissing) this.say('metrics-server available again: pod CPU/memory resumed');
      this.metricsMissing = false;
      const at = this.now();
      for (const item of list.items) {
        const pod = item.metadata.name;
        if (!podNames.has(pod)) continue;
        let cpu = 0;
        let memory = 0;
        for (const c of item.containers) { cpu += parseCpu(c.usage.cpu); memory += parseMemory(c.usage.memory); }
        this.opts.listener.podMetrics({ at, namespace: this.ns, pod, cpuCores: cpu, memoryBytes: memory });
      }
      return poll;
    } catch (error) {
      if (this.stopping) return undefined;
      const status = statusOf(error);
      if (status === 401 || status === 403) {
        const message = rbacMessage({ verb: 'list', resource: 'pods', group: 'metrics.k8s.io', namespace: this.ns, status, verbs: ['list'], without: 'pod CPU/memory' });
        this.problems.push(message);
        this.say(message);
        return undefined;
      }
      // Not installed (404) or not ready (503): said once; retried rarely, since it may come up later.
      if (!this.metricsMissing && !this.problems.some((p) => p.startsWith('metrics-server not available'))) {
        const message = `metrics-server not available (metrics.k8s.io/v1beta1 ${status ?? (error as Error).message}): no pod CPU/memory; replicas and lags are unaffected`;
        this.problems.push(message);
        this.say(message);
      }
      this.metricsMissing = true;
      return Math.max(poll * 4, 60_000);
    }
  }

  // ---- plumbing -----------------------------------------------------------------------------
  private resourceWatch(resource: string, group: string, path: string, query: Record<string, string>,
    list: (signal: AbortSignal) => Promise<{ items: KubeObjectLike[]; resourceVersion: string }>, onChange: (type: ChangeType, o: KubeObjectLike) => void): ResourceWatch {
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

  /** False when the first list was denied. */
  private async startWatch(w: ResourceWatch, track = true): Promise<boolean> {
    if (track) this.watches.push(w);
    try {
      await w.start();
      return true;
    } catch {
      // Only a denied first list gets here: reported once by onDenied, and the rest goes on.
      return false;
    }
  }
}

/** metrics.k8s.io/v1beta1 PodMetricsList, as much of it as we read. */
interface PodMetricsList {
  items: Array<{ metadata: { name: string }; containers: Array<{ usage: { cpu: string; memory: string } }> }>;
}

function timeString(v: unknown): string | undefined {
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' ? v : undefined;
}
