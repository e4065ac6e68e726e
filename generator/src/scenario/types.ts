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
  /** JSON path matchers on the parsed body (forces the body to be read), checked in order. */
  json?: JsonExpectation[];
  /** Response header matchers (names lower-cased), checked in order. */
  headers?: HeaderExpectation[];
  /** The response must be complete within this long of the intended send (ms), else `expectation_failed`. */
  maxDurationMs?: number;
}

/** One matcher: exactly one of `equals`, `exists`, `matches` is set. */
export interface ValueMatcher {
  /** Deep equality with the JSON value (for headers: with the header's text). */
  equals?: string | number | boolean | null;
  /** true: the value must be present (not undefined); false: it must be absent. */
  exists?: boolean;
  /** A regular expression (JavaScript syntax) the value's text must match. */
  matches?: string;
}

export interface JsonExpectation extends ValueMatcher {
  /** JSON path as written, e.g. `$.items[0].id`. */
  path: string;
}

export interface HeaderExpectation extends ValueMatcher {
  /** Lower-cased header name. */
  name: string;
}

/** Where a flow step's `capture:` reads a value from. */
export type CaptureSource =
  /** JSON path into the parsed body, e.g. `$.token` (strings as is, other values as JSON). */
  | { kind: 'json'; path: string }
  /** A response header (lower-cased name). */
  | { kind: 'header'; name: string }
  /** A regular expression over the body text; its first group is the value. */
  | { kind: 'regex'; pattern: string };

export interface CaptureSpec {
  /** Fills `${vars.NAME}` in the later steps of the same iteration. */
  name: string;
  from: CaptureSource;
  /** As written in the YAML (`$.token`, `header:x-session-id`, `regex:…`), for messages. */
  expr: string;
}

/** Connection settings per origin (`tls:`, `http2:`); requests with different settings get different pools. */
export interface TransportSpec {
  http2: boolean;
  tls?: TlsSpec;
}

export interface TlsSpec {
  /** PEM text of the CA bundle to trust (read from `tls.ca` at load time), besides the system's. */
  ca?: string;
  /** Absolute path of the CA file as written, for messages. */
  caFile?: string;
  /** Accept any certificate (self-signed test targets); never the default. */
  insecure: boolean;
}

/** A `data:` source: rows read once at load time, one drawn per iteration. */
export interface DataSourceSpec {
  /** The key under `data:`; templates read `${data.NAME.FIELD}`. */
  name: string;
  /** Absolute path. */
  file: string;
  /** `.csv` (header row) or `.jsonl`/`.ndjson` (one JSON object per line). */
  format: 'csv' | 'jsonl';
  /** sequential (default, wraps) | random | unique (each row once in the whole run; the run ends when rows run out). */
  pick: 'sequential' | 'random' | 'unique';
}

/** A `flows:` entry: steps run one after another in one iteration (one trace: `flow NAME` → step spans). */
export interface FlowSpec {
  name: string;
  weight: number;
  /** Each step is a request named `FLOW.STEP` (thresholds and the summary use that name). */
  steps: FlowStepSpec[];
  tags: Record<string, string>;
  /** A cookie jar per virtual user (closed model) or per iteration (open model); default true in flows. */
  cookies: boolean;
}

export interface FlowStepSpec extends RequestSpec {
  /** The step's own name (`login`); `name` is `FLOW.STEP`. */
  step: string;
  /** Values for the later steps of the iteration; one that finds nothing fails the step (`capture_failed`). */
  capture: CaptureSpec[];
  /** Pause after this step before the next one. */
  thinkTime?: ThinkTime;
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
  /**
   * `json` when `body` was written as a YAML mapping/list (sent as JSON): render it with
   * `compileTemplate(body, { escape: 'json' })` so a value such as a CSV cell with a `"` stays valid JSON.
   */
  bodyEscape?: 'json';
  expect?: ExpectSpec;
  timeoutMs: number;
  /** What to read from the response (inference services): tokens and/or time to first chunk. */
  extract?: ExtractSpec;
  /** `tags:` of the request (and of its flow): span attributes `loadtest.tag.KEY`, metric attributes. */
  tags: Record<string, string>;
  transport: TransportSpec;
  /** Plain requests: send and keep cookies (a jar per VU in the closed model); default false. Flow steps follow their flow. */
  cookies: boolean;
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
  /** `data:` sources (empty when none). */
  data: DataSourceSpec[];
  /** `flows:` (empty when none); mixed with `requests` by weight. */
  flows: FlowSpec[];
}

/** Every request the scenario can send: the plain ones, then each flow's steps. */
export function everyRequest(scenario: Pick<Scenario, 'requests' | 'flows'>): RequestSpec[] {
  const out: RequestSpec[] = [...scenario.requests];
  for (const f of scenario.flows) out.push(...f.steps);
  return out;
}
