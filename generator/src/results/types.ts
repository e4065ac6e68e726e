/**
 * The whole run's results as one plain object (autocannon/k6 style): summary.json is this
 * object, and the console summary, summary.md and summary.csv are all printed from it.
 * Documented field by field in docs/results.md. Latencies are milliseconds.
 */
import type { PresetReport } from './presets/preset-report';
import type { InferenceStats } from './inference/inference-stats';

export interface LatencyStats {
  min: number; avg: number; p50: number; p90: number; p95: number; p99: number; p999: number; max: number;
}

export interface BreakdownStats {
  requests: number;
  failed: number;
  /** failed / requests (0 when no requests). */
  errorRate: number;
  rps: number;
  latency: LatencyStats;
  /** Intended send → response headers; null when no response arrived (every request refused, reset or timed out). */
  ttfb: LatencyStats | null;
  /** Intended → actual send; open model only in the printed summaries (always 0 in the closed model, where a VU sends when it starts). */
  scheduleLag: LatencyStats;
  errors: Record<string, number>;
}

export interface StageStats extends BreakdownStats {
  index: number;
  /** Target at the stage end: rate (open) or VUs (closed). */
  target: number;
  startedAt: string;
  durationS: number;
  /** Open-model arrivals dropped in this stage because maxInFlight was reached. */
  dropped: number;
}

export interface ThresholdResult {
  expr: string;
  ok: boolean;
  /** The observed value in the threshold's own unit (ms, fraction, /s, count); NaN when `noData` (null in summary.json). */
  value: number;
  /** Unit of `value`: latency `ms`, error/success rate `fraction`, `per_s` for rps, `count`. */
  unit?: ThresholdUnit;
  /** No request in scope, so there was nothing to measure: counted as passed (k6 does the same). */
  noData?: boolean;
}

export type ThresholdUnit = 'ms' | 'fraction' | 'per_s' | 'count';

export interface SpanAccounting {
  created: number;
  exported: number;
  spilled: number;
  dropped: number;
}

export type RunStatus = 'passed' | 'failed' | 'interrupted' | 'aborted';

export interface Summary {
  schemaVersion: 1;
  run: {
    id: string;
    scenario: string;
    file: string;
    model: 'open' | 'closed';
    status: RunStatus;
    interrupted: boolean;
    startedAt: string;
    endedAt: string;
    durationS: number;
    target: string;
    /** Open: the plan's peak target rate; closed: its peak VUs. */
    usersOrRate: number;
    /** The same, as far as the load got: below usersOrRate when the run ended early (absent in results written before it). */
    peakReached?: number;
  };
  totals: BreakdownStats & { dropped: number; bytesReceived: number };
  /** Shortcut to totals.rps (the contract field `rps`). */
  rps: number;
  /** Shortcut to totals.latency (the contract field `latency`). */
  latency: LatencyStats;
  errors: Record<string, number>;
  requests: Record<string, BreakdownStats>;
  stages: StageStats[];
  thresholds: ThresholdResult[];
  telemetry: { spans: SpanAccounting; metricsExported: boolean; endpoint?: string; protocol?: string };
  /** What failures.jsonl holds: `kept` of `total` failed requests (exact counts per type: `errors`). */
  failures?: FailureSampleInfo;
  /** Present when the scenario has a `kubernetes:` section (the watcher ran or tried to). */
  scaling?: ScalingSection;
  /** Present when `load.preset` wrote the stages: phases, breaking point, drift (results/presets). */
  preset?: PresetReport;
  /** Present when a request has `extract:`: tokens and time to first chunk per request name. */
  inference?: Record<string, InferenceStats>;
  /** Present when the scenario has `faults:`: what each did and what it cost the users. */
  faults?: FaultImpact[];
  /** Present when the scenario has `flows:`: per flow; its steps are in `requests` as `FLOW.STEP`. */
  flows?: Record<string, FlowStats>;
  /** Set when a `pick: unique` data source ran out and so ended the run early (its name). */
  dataExhausted?: string;
  /**
   * Present when the exit code does not tell the whole story: most or all requests failed and no
   * threshold checks errors (the run still passes, like k6), or nothing was measured. Printed first.
   */
  warnings?: string[];
}

/** summary.json `faults[]`: one fault's execution and its impact on the load (docs/results.md). */
export interface FaultImpact {
  name: string;
  action: 'deletePods' | 'scaleTo';
  /** `app=web` (deletePods) or `deployment/web → 3` (scaleTo). */
  target: string;
  /** When it was executed (ISO) and seconds since the run started; null when it never ran. */
  at: string | null;
  elapsedS: number | null;
  /** deletePods: the pods deleted. */
  pods: string[];
  /** Ready pods (deletePods: matching the selector; scaleTo: of the Deployment) just before. */
  readyBefore: number | null;
  /** Why it did not run (or only partly): API refusal, no matching pod, run ended first. */
  error?: string;
  /** The 10 s before the fault: median per-second p95, errors per second, requests per second. */
  baseline: { p95Ms: number; errorsPerS: number; rps: number };
  /** Errors from the fault until recovery (or the next fault / the end), and those above the baseline rate. */
  errorsDuring: number;
  errorsCaused: number;
  /** Worst per-second p95 / p99 in that window (ms). */
  latencyDuringRecovery: { p95MaxMs: number; p99MaxMs: number };
  /** Seconds until as many pods were Ready as before (deletePods) or the new count was (scaleTo); null: not by the end. */
  readyBackS: number | null;
  /** Seconds until the per-second p95 was back within `p95BoundMs` for 5 s in a row; null: not by the end. */
  p95BackS: number | null;
  /** The bound p95 had to return under: the SLO (`kubernetes.slo` / p95 threshold), else 1.5 × baseline (at least baseline + 5 ms). */
  p95BoundMs: number;
  /** max(readyBackS, p95BackS): the end of the fault's impact; null when either never came back. */
  recoveredS: number | null;
}

export interface FailureSampleInfo {
  file: 'failures.jsonl';
  total: number;
  kept: number;
  firstPerType: number;
  samplePerType: number;
  maxTypes: number;
}

/** summary.json `scaling`: what the autoscaler did during the run and how long it took. */
export interface ScalingSection {
  namespace: string;
  /** False when the watcher could not start (no kubeconfig, denied…): see `problems`. */
  watcherAvailable: boolean;
  problems: string[];
  /** The p95 objective used for recovery lags (ms), when one was set. */
  sloMs?: number;
  hpas: ScalingHpaSummary[];
}

export interface ScalingHpaSummary {
  name: string;
  target: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  /** One row per change: HPA current/desired and the scale target's ready replicas. */
  timeline: Array<{ at: string; elapsedS: number; current: number; desired: number; ready: number }>;
  episodes: ScalingEpisodeSummary[];
  maxReplicasReached: number;
  /** Seconds the HPA wanted its maximum (ScalingLimited). */
  timeAtMaxS: number;
  deficitReplicaSeconds: number;
  podFailures: Array<{ at: string; pod: string; reason: string }>;
}

export interface ScalingEpisodeSummary {
  direction: 'up' | 'down';
  from: number;
  to: number;
  t0: string;
  t0Source: 'load-step' | 'utilization';
  /** False when the run ended before the new replicas were all Ready. */
  complete: boolean;
  /** Incomplete episodes: seconds from t0 to the end of the run (a lower bound of the total lag). */
  openForS?: number;
  /** Seconds; null when not reached before the run ended (recovery: no SLO or never recovered). */
  lagS: { detection: number; actuation: number | null; total: number | null; recovery: number | null };
  deficitReplicaSeconds: number;
  steps: Array<{ elapsedS: number; what: string }>;
}

/** One row per second in timeseries.csv. */
export interface TimeseriesRow {
  time: string;
  elapsedS: number;
  stage: number;
  target: number;
  rps: number;
  /** Requests completed in the interval (rps × its length, exact); absent in files written before this column. */
  requests?: number;
  p50: number; p95: number; p99: number;
  errors: number;
  /** This second's failures per error.type, most frequent first (the aggregator always sets it). */
  errorsByType?: Record<string, number>;
  vus: number;
  inFlight: number;
  dropped: number;
}

/** A flow's iterations (summary.json `flows`). */
export interface FlowStats {
  iterations: number;
  /** Iterations in which at least one step failed. */
  failed: number;
  successRate: number;
  /** Iterations that skipped steps (after a failed capture, or cut by the run's stop). */
  incomplete: number;
  stepsSent: number;
  stepsFailed: number;
  /** Iterations per second over the run. */
  rate: number;
  /** Failed iterations by their first failed step, most first. */
  failedAt: Record<string, number>;
  /** Failed iterations by their first failure's error.type, most first. */
  errors: Record<string, number>;
  /** Iteration duration, ms from its intended start to its last step's end (think time included). */
  duration: LatencyStats;
}
