import type { PresetName } from '../../scenario';

/**
 * summary.json `preset`: what the preset's phases did (docs/results.md "Preset reports").
 * Latencies ms, rates fractions (successRate 0.99), rps per second.
 */
export interface PresetReport {
  name: PresetName;
  unit: 'rate' | 'vus';
  phases: PhaseRow[];
  spike?: SpikeReport;
  stress?: StressReport;
  soak?: SoakReport;
  timeScale?: number;
}

export interface PhaseRow {
  name: string;
  /** Target at the phase's start and end. */
  from: number;
  to: number;
  /** Offset from the run start, seconds; `modelledAtS`: the same in the modelled day/profile. */
  startS: number;
  durationS: number;
  modelledAtS?: number;
  requests: number;
  failed: number;
  successRate: number;
  /** Requests sent in the phase per second: the offered rate. */
  rps: number;
  /** Successful responses that arrived during the phase, per second: the rate the target served. */
  servedRps: number;
  avg: number; p50: number; p95: number; p99: number; max: number;
  /** False when the run ended before the phase did (stopped at a breaking point, Ctrl-C). */
  complete: boolean;
  /** With a `kubernetes:` section: ready replicas per HPA during the phase. */
  replicas?: Record<string, PhaseReplicas>;
}

export interface PhaseReplicas { min: number; max: number; atEnd: number }

export interface SpikeReport {
  /** (spike − baseline) / baseline, for the mean and p95 latency; null when the baseline had no requests. */
  spikeIncreasePct: { avg: number | null; p95: number | null };
  recoveryIncreasePct: { avg: number | null; p95: number | null };
  successRate: { baseline: number; spike: number; recovery: number };
  /** p95 bound that counts as recovered (baseline p95 × (1 + tolerance)). */
  recoveredBelowMs: number;
  /** Seconds from the end of the spike until latency was back and error-free for the window; null: not within the run. */
  timeToRecoverS: number | null;
}

export interface StressStep {
  step: number;
  target: number;
  /** Requests sent during the step per second (the offered rate). */
  rps: number;
  /** Successful responses that arrived during the step, per second: what the target served. */
  servedRps: number;
  requests: number;
  failed: number;
  successRate: number;
  avg: number; p50: number; p95: number; p99: number;
  /** With a `kubernetes:` section: ready pods per HPA during the step. */
  replicas?: Record<string, PhaseReplicas>;
  verdict: 'good' | 'breaking' | 'after break' | 'partial' | 'not run';
  /** Which bounds the step broke, e.g. "success 91.2% < 95%". */
  reasons: string[];
}

export interface StressReport {
  criteria: { successBelow: number; avgAboveMs?: number; p95AboveMs?: number };
  /** The highest step that held; null when even the first broke. */
  lastGood: StressStep | null;
  /** The first step that broke; null when none did (the target held up to `max`). */
  breaking: StressStep | null;
  /** The run was stopped at the breaking point (remaining steps not run). */
  stoppedEarly: boolean;
  /** The latency-vs-rate curve, one row per step. */
  curve: StressStep[];
}

export interface SoakInterval {
  /** 1-based interval number (a minute by default). */
  index: number;
  startS: number;
  requests: number;
  rps: number;
  avg: number;
  p95: number;
  successRate: number;
  errors: number;
  /** Generator resident memory in MiB (2^20 bytes, whatever the name says): the mean of the samples in the interval; null when none. */
  rssMb: number | null;
  /** With a `kubernetes:` section: the largest pod's memory in the interval, MiB (metrics.k8s.io samples); null when none was sampled. */
  podMemoryMiB?: number | null;
  /** False for a last interval cut short by the end of the run. */
  complete: boolean;
}

export interface TrendVerdict {
  /** Least-squares slope per interval (ms, fraction or MiB). */
  slopePerInterval: number;
  /** The fitted line's value at the first fitted interval (it ends at start + change). */
  start: number;
  /** Fitted change from the first to the last interval; `relative` divides it by the fitted start. */
  change: number;
  relative: number | null;
  limit: number;
  /** False when the trend rises beyond `limit` (drift is growth: a fall never trips it). */
  ok: boolean;
}

export interface SoakReport {
  intervalS: number;
  intervals: SoakInterval[];
  /** Fitted on the complete intervals after the warm-up; needs three. */
  drift: {
    verdict: 'stable' | 'drifting' | 'too short';
    points: number;
    /** 1-based indexes of the first and last interval the trend was fitted on; null when too short. */
    fitted: { first: number; last: number } | null;
    latency: TrendVerdict | null;
    p95: TrendVerdict | null;
    errorRate: TrendVerdict | null;
    memory: TrendVerdict | null;
  };
}
