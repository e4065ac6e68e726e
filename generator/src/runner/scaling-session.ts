import type { KubernetesSpec } from '../scenario';
import { startKubeWatcher, KubeConfigError, type KubeWatcher, type PodMetricsSample, type ScalingEpisode, type ScalingSummary, type WatcherListener } from '../kube';
import { recoveryLagS, type ScalingEpisodeSummary, type ScalingSection, type TimeseriesRow } from '../results';
import type { KubeSignals } from '../telemetry';

/** The watcher could not start, or was denied, and the scenario says `kubernetes.required: true`. */
export class ScalingRequiredError extends Error {
  override name = 'ScalingRequiredError';
}

export interface ScalingSessionOptions {
  spec: KubernetesSpec;
  /** Telemetry for what the watcher sees; undefined when OTLP export is off. */
  signals?: KubeSignals;
  /** Human-readable watcher messages (RBAC, metrics-server missing, reconnects). */
  log: (message: string) => void;
  /** Every pod CPU/memory sample, also when telemetry is off (pod-metrics.csv for `scaletrace dataset`). */
  podMetrics?: (sample: PodMetricsSample) => void;
}

/**
 * The Kubernetes watcher for the length of one run: started before the load, told about load
 * steps (the t0 of scaling episodes), stopped after it; its summary becomes summary.json `scaling`.
 * Without `required`, a watcher that cannot start only costs the scaling section, never the run.
 */
export class ScalingSession {
  private constructor(
    private readonly opts: ScalingSessionOptions,
    private readonly watcher: KubeWatcher | undefined,
    private readonly startProblem: string | undefined,
  ) {}

  static async start(opts: ScalingSessionOptions): Promise<ScalingSession> {
    const { spec } = opts;
    let watcher: KubeWatcher | undefined;
    try {
      watcher = await startKubeWatcher({
        namespace: spec.namespace, context: spec.context, kubeconfig: spec.kubeconfig,
        hpas: spec.hpas, labelSelector: spec.labelSelector, metricsPollMs: spec.metricsPollMs,
        requestTimeoutMs: spec.requestTimeoutMs, watchdogMs: spec.watchIdleTimeoutMs,
        listener: listenerFor(opts.signals, opts.podMetrics), log: opts.log,
      });
    } catch (error) {
      const message = error instanceof KubeConfigError ? error.message : `Kubernetes watcher failed to start: ${(error as Error).message}`;
      if (spec.required) throw new ScalingRequiredError(`${message} (kubernetes.required is true)`);
      opts.log(`${message}; the run goes on without it`);
      return new ScalingSession(opts, undefined, message);
    }
    const problems = watcher.summary().problems;
    if (spec.required && problems.length > 0) {
      await watcher.stop();
      throw new ScalingRequiredError(`${problems.join('; ')} (kubernetes.required is true)`);
    }
    return new ScalingSession(opts, watcher, undefined);
  }

  markLoadStep(at: number, direction: 'up' | 'down'): void {
    this.watcher?.markLoadStep(at, direction);
  }

  /** Stops watching and builds the summary section (recovery lags from the run's per-second p95). */
  async stop(run: { startedAt: number; endedAt: number; rows: readonly TimeseriesRow[] }): Promise<ScalingSection> {
    const { spec } = this.opts;
    if (this.watcher === undefined) {
      return { namespace: spec.namespace ?? 'default', watcherAvailable: false, problems: this.startProblem ? [this.startProblem] : [], sloMs: spec.sloMs, hpas: [] };
    }
    const summary = await this.watcher.stop();
    const section = toSection(summary, spec.sloMs, run);
    for (const hpa of section.hpas) {
      for (const e of hpa.episodes) {
        if (e.lagS.recovery !== null) this.opts.signals?.recovery(hpa.name, summary.namespace, e.direction, e.lagS.recovery);
      }
    }
    return section;
  }
}

/** Every observation goes to telemetry when it is on; the watcher keeps its own summary regardless. */
function listenerFor(signals: KubeSignals | undefined, podMetrics: ((s: PodMetricsSample) => void) | undefined): WatcherListener {
  const noop = (): void => undefined;
  if (signals === undefined) return { hpa: noop, scaleTarget: noop, podMetrics: podMetrics ?? noop, log: noop, episode: noop };
  return {
    hpa: (s) => signals.hpa(s),
    scaleTarget: (s) => signals.scaleTarget(s),
    podMetrics: (s) => { signals.podMetrics(s); podMetrics?.(s); },
    log: (r) => signals.log(r),
    episode: (e) => signals.episode(e),
  };
}

export function toSection(
  summary: ScalingSummary, sloMs: number | undefined,
  run: { startedAt: number; endedAt: number; rows: readonly TimeseriesRow[] },
): ScalingSection {
  const iso = (ms: number): string => new Date(ms).toISOString();
  const elapsed = (ms: number): number => Math.round(ms - run.startedAt) / 1000;
  return {
    namespace: summary.namespace,
    watcherAvailable: summary.watcherAvailable,
    problems: summary.problems,
    sloMs,
    hpas: summary.hpas.map((h) => ({
      name: h.name, target: h.target, minReplicas: h.min, maxReplicas: h.max,
      timeline: h.timeline.map((t) => ({ at: iso(t.at), elapsedS: elapsed(t.at), current: t.current, desired: t.desired, ready: t.ready })),
      episodes: h.episodes.map((e) => episodeSummary(e, sloMs, run, elapsed)),
      maxReplicasReached: h.maxReplicasReached,
      timeAtMaxS: h.timeAtMaxS,
      deficitReplicaSeconds: h.deficitReplicaSeconds,
      podFailures: h.podFailures.map((f) => ({ at: iso(f.at), pod: f.pod, reason: f.reason })),
    })),
  };
}

function episodeSummary(
  e: ScalingEpisode, sloMs: number | undefined,
  run: { endedAt: number; rows: readonly TimeseriesRow[] }, elapsed: (ms: number) => number,
): ScalingEpisodeSummary {
  // Recovery is about users: it only makes sense after a step up, and needs an SLO.
  const recovery = e.direction === 'up' && sloMs !== undefined ? recoveryLagS(run.rows, e.t0, sloMs) : null;
  return {
    direction: e.direction, from: e.from, to: e.to,
    t0: new Date(e.t0).toISOString(), t0Source: e.t0Source, complete: e.complete,
    ...(e.complete ? {} : { openForS: Math.round(run.endedAt - e.t0) / 1000 }),
    lagS: { detection: e.lags.detectionS, actuation: e.lags.actuationS ?? null, total: e.lags.totalS ?? null, recovery },
    deficitReplicaSeconds: e.deficitReplicaSeconds,
    steps: e.steps.map((s) => ({ elapsedS: elapsed(s.at), what: s.what })),
  };
}
