/** What the Kubernetes watcher observes and reports (the boundary with telemetry, runner and results). */

export interface HpaMetricSample {
  name: string;
  kind: string;
  type: string;
  /** Current value (utilization % for Utilization targets). */
  current?: number;
  target?: number;
}

export interface HpaSample {
  at: number;
  hpa: string;
  namespace: string;
  current: number;
  desired: number;
  min: number;
  max: number;
  metrics: HpaMetricSample[];
  conditions: Array<{ type: string; status: string; reason?: string }>;
  lastScaleTime?: string;
}

export interface ScaleTargetSample {
  at: number;
  hpa: string;
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  namespace: string;
  /** spec.replicas */
  desired: number;
  ready: number;
  available: number;
}

export interface PodMetricsSample { at: number; namespace: string; pod: string; cpuCores: number; memoryBytes: number }

export interface KubeLogRecord {
  at: number;
  severity: 'INFO' | 'WARN' | 'ERROR';
  body: string;
  attributes: Record<string, string | number | boolean>;
}

export interface ScalingEpisode {
  hpa: string;
  namespace: string;
  direction: 'up' | 'down';
  /** Replicas before → after (desired); `to` grows when the HPA raises it again within the episode. */
  from: number;
  to: number;
  t0: number;
  t0Source: 'load-step' | 'utilization';
  /** First observation of the new desired count. */
  decidedAt: number;
  /** Ready replicas reached `to`. */
  readyAt?: number;
  lags: { detectionS: number; actuationS?: number; totalS?: number };
  /** ∫ max(0, desired − ready) dt over the episode. */
  deficitReplicaSeconds: number;
  steps: Array<{ at: number; what: string }>;
  lastScaleTime?: string;
  rescaleEventAt?: number;
  /** False when the watcher stopped first. */
  complete: boolean;
}

export interface WatcherListener {
  hpa(s: HpaSample): void;
  scaleTarget(s: ScaleTargetSample): void;
  podMetrics(s: PodMetricsSample): void;
  log(r: KubeLogRecord): void;
  episode(e: ScalingEpisode): void;
}

export interface HpaScalingSummary {
  name: string;
  target: { kind: string; name: string };
  min: number;
  max: number;
  timeline: Array<{ at: number; current: number; desired: number; ready: number }>;
  episodes: ScalingEpisode[];
  maxReplicasReached: number;
  /** Seconds with desired == max (ScalingLimited). */
  timeAtMaxS: number;
  deficitReplicaSeconds: number;
  podFailures: Array<{ at: number; pod: string; reason: string }>;
}

export interface ScalingSummary {
  namespace: string;
  watcherAvailable: boolean;
  /** RBAC or metrics-server messages, one per problem. */
  problems: string[];
  hpas: HpaScalingSummary[];
}

export interface KubeWatcherOptions {
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  hpas?: string[];
  labelSelector?: string;
  metricsPollMs?: number;
  /** A watch silent (no event, no bookmark) this long is aborted and re-established. */
  watchdogMs?: number;
  /** Bound on each API request: a list, a get, a watch's response headers (default 30 s). */
  requestTimeoutMs?: number;
  /** Aborting it during start-up ends every request and makes startKubeWatcher reject at once (WatcherStartAborted); afterwards, call stop(). */
  signal?: AbortSignal;
  tolerance?: number;
  listener: WatcherListener;
  log?: (message: string) => void;
  now?: () => number;
}

export interface KubeWatcher {
  /** Embedded mode: the generator's load step (the t0 of the next episode in that direction). */
  markLoadStep(at: number, direction: 'up' | 'down'): void;
  summary(): ScalingSummary;
  stop(): Promise<ScalingSummary>;
}

/** The `signal` of KubeWatcherOptions aborted start-up; the message says what was still unanswered. */
export class WatcherStartAborted extends Error {
  override name = 'WatcherStartAborted';
}

/** Startup problems with a clear one-line message (bad kubeconfig, unknown context, no autoscaling/v2). */
export class KubeConfigError extends Error {
  override name = 'KubeConfigError';
}
