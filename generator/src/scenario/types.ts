/**
 * The validated, normalised scenario: what `loadScenario()` returns and every other
 * folder consumes. Durations are milliseconds, rates are per second, URLs are absolute.
 * The YAML field names are documented in docs/scenario.md; these types are the boundary.
 */

import type { PresetPlan } from './presets/preset-plan';

export interface ExpectSpec {
  /** Accepted status codes; when absent any status < 400 passes. */
  status?: number[];
  /** Substring the response body must contain (forces the body to be read). */
  bodyContains?: string;
}

export interface RequestSpec {
  name: string;
  method: string;
  /** Base URL for this request (per-request `target`, else the scenario's). */
  target: string;
  /** Path + query, may contain templates like `${vu}`. */
  path: string;
  weight: number;
  headers: Record<string, string>;
  /** Body text (inline or read from `bodyFile` at load time); may contain templates. */
  body?: string;
  expect?: ExpectSpec;
  timeoutMs: number;
  /** What to read from the response (inference services): tokens and/or time to first chunk. */
  extract?: ExtractSpec;
}

export interface ExtractSpec {
  /** JSON path to the token count, e.g. `$.usage.completion_tokens`. */
  tokens?: string;
  /** Record the time to the first body chunk (true whenever `extract` is set). */
  firstChunk: boolean;
}

export interface OpenStage { durationMs: number; rate: number }
export interface ClosedStage { durationMs: number; vus: number }

export interface OpenLoad {
  model: 'open';
  /** Value the first stage ramps from (default: the first stage's own rate). */
  startRate?: number;
  stages: OpenStage[];
  /** Arrivals beyond this many in-flight requests are dropped and counted. */
  maxInFlight: number;
}

export interface ThinkTime { minMs: number; maxMs: number }

export interface ClosedLoad {
  model: 'closed';
  startVus?: number;
  /** Ramping VUs; a plain `vus` + `duration` becomes one flat stage. */
  stages: ClosedStage[];
  /**
   * Fixed request count shared by all VUs instead of a duration. Then `stages` is exactly
   * `[{ durationMs: 0, vus }]`: it holds the VU count only, and the run ends with the last request.
   */
  iterations?: number;
  thinkTime?: ThinkTime;
}

export type LoadSpec = OpenLoad | ClosedLoad;

export type ThresholdMetric =
  | 'min' | 'avg' | 'max' | 'p50' | 'p90' | 'p95' | 'p99' | 'p999' | 'med'
  | 'error_rate' | 'success_rate' | 'rps' | 'requests' | 'failed'
  /** Scaling lags (ms), worst scale-up episode; a `name:` prefix names an HPA, not a request. */
  | 'scaling_lag' | 'detection_lag' | 'actuation_lag';

export type ThresholdOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface ThresholdSpec {
  /** The expression as the user wrote it, e.g. "predict: p99 < 1s". */
  expr: string;
  /** Restrict to one request name (the `name:` prefix); for scaling metrics, one HPA name. */
  request?: string;
  metric: ThresholdMetric;
  op: ThresholdOp;
  /** Latency metrics in ms, rates as a fraction (1% → 0.01), rps per second, counts as counts. */
  value: number;
  /** Stop the run as soon as this threshold fails (after `delayAbortEvalMs`). */
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

export interface HttpOptions {
  /** Keep-alive connections per origin. */
  connections: number;
  /** HTTP/1.1 pipelining depth per connection (1 = none). */
  pipelining: number;
}

/** The `kubernetes:` section: watch the cluster's autoscaling while the load runs. */
export interface KubernetesSpec {
  /** Default: the kubeconfig context's namespace, else "default" (as kubectl). */
  namespace?: string;
  context?: string;
  /** Explicit kubeconfig file; default KUBECONFIG, ~/.kube/config, in-cluster (as kubectl). */
  kubeconfig?: string;
  /** HPA names to watch; empty = every HPA in the namespace (or those matching labelSelector). */
  hpas: string[];
  labelSelector?: string;
  /** Fail the run (exit 1) when the watcher cannot start or is denied; default: warn and go on. */
  required: boolean;
  /** p95 latency objective for the recovery lag; default: the scenario's overall p95 threshold. */
  sloMs?: number;
  /** metrics.k8s.io poll period. */
  metricsPollMs: number;
  /** Bound on each Kubernetes API request (list, get, a watch's response headers); default: the watcher's 30 s. */
  requestTimeoutMs?: number;
  /** A watch silent this long (no event, no bookmark) is re-established; default: the watcher's 60 s. */
  watchIdleTimeoutMs?: number;
}

/** What a fault does (docs/scenario.md "Faults"). */
export type FaultAction =
  | { kind: 'deletePods'; selector: string; count: number; gracePeriodS?: number; pick: 'random' | 'oldest' | 'newest' }
  | { kind: 'scaleTo'; deployment: string; replicas: number };

/** A fault scheduled against the system under test, through the Kubernetes API of `kubernetes:`. */
export interface FaultSpec {
  name: string;
  /** From the start of the load. */
  atMs: number;
  action: FaultAction;
}

export interface Scenario {
  name: string;
  /** Absolute path of the file it came from ("<inline>" when built in code). */
  file: string;
  target?: string;
  requests: RequestSpec[];
  load: LoadSpec;
  thresholds: ThresholdSpec[];
  http: HttpOptions;
  /** How long to wait for in-flight requests when stopping. */
  gracefulStopMs: number;
  /** Response header naming the serving pod/instance (→ `loadtest.target.pod`). */
  podHeader?: string;
  kubernetes?: KubernetesSpec;
  /** Set when `load.preset` wrote the stages: the phases to report on (docs/scenario.md "Presets"). */
  preset?: PresetPlan;
  /** Faults during the load, in time order (absent when the scenario has none). */
  faults?: FaultSpec[];
}
