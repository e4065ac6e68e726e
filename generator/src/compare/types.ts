/**
 * compare.json: the whole comparison as one plain object; compare.md and compare.html are printed
 * from it (docs/results.md "Comparing runs"). Latencies ms, lags s, rates fractions, rps the served
 * rate: successful responses per second.
 */
import type { RunStatus } from '../results';

/** What a rule can test, and the keys of every figure and delta below. */
export type CompareMetric = 'p50' | 'p95' | 'p99' | 'avg' | 'error_rate' | 'success' | 'rps' | 'lag';

export const COMPARE_METRICS: readonly CompareMetric[] = ['p50', 'p95', 'p99', 'avg', 'error_rate', 'success', 'rps', 'lag'];

/** null: nothing to measure (no request in scope; `lag`: no scale-up). */
export type Figures = Record<CompareMetric, number | null> & { requests: number; failed: number };

/** Against the baseline: run − baseline (the metric's unit) and that change in % of the baseline. */
export interface Delta { abs: number | null; pct: number | null }
export type Deltas = Record<CompareMetric, Delta>;

export interface HpaLags {
  name: string;
  scaleUps: number;
  scaleDowns: number;
  maxReplicasReached: number;
  /** The worst scale-up's lags, s; an episode open at the end counts with the time it had taken. */
  worst: { detection: number | null; actuation: number | null; total: number | null; recovery: number | null };
}

export interface StressCurvePoint { step: number; target: number; rps: number; successRate: number; p95: number; verdict: string }

export interface RunPreset {
  name: string;
  stress?: { breakingStep: number | null; breakingTarget: number | null; lastGoodTarget: number | null; reasons: string[]; curve: StressCurvePoint[] };
  spike?: {
    /** `rps` is what was sent per second in the phase, `served` the successful responses per second (null in results written before it). */
    phases: Array<{ name: string; target: number; rps: number; served: number | null; successRate: number; p95: number; p99: number; requests: number }>;
    spikeIncreasePct: number | null;
    timeToRecoverS: number | null;
  };
  soak?: {
    verdict: string;
    intervals: number;
    /** The complete intervals after the warm-up the drift was fitted on. */
    fittedIntervals: number;
    /** Fitted change over the run: avg latency and generator memory in %, the error rate as a fraction; null: not fitted. */
    latencyChangePct: number | null;
    p95ChangePct: number | null;
    errorRateChange: number | null;
    memoryChangePct: number | null;
    /** The judged trends beyond their limit (`avg latency`, `error rate`, `generator memory`): why it is drifting. */
    exceeded: string[];
  };
}

/** Per request name with `extract:`: tokens and their timing (ms); null where nothing was measured. */
export interface InferenceFigures {
  responses: number;
  tokensPerS: number | null;
  tokensPerResponse: number | null;
  firstTokenP95: number | null;
  /** Streamed answers only. */
  streamed: number;
  timePerOutputTokenP95: number | null;
}

export interface ComparedRun {
  /** Short unique name: the directory's name (with its parent when two runs share one). */
  label: string;
  dir: string;
  id: string;
  scenario: string;
  status: RunStatus;
  model: 'open' | 'closed';
  startedAt: string;
  durationS: number;
  /** Open: peak target rate; closed: peak VUs. */
  peakTarget: number;
  baseline: boolean;
  totals: Figures;
  requests: Record<string, Figures>;
  /** Absent for the baseline itself. */
  deltas?: { totals: Deltas; requests: Record<string, Deltas> };
  hpas: HpaLags[];
  preset?: RunPreset;
  /** Requests with `extract:` (summary.json `inference`). */
  inference?: Record<string, InferenceFigures>;
}

export type RuleOp = '>' | '<' | '>=' | '<=';

/** `p95{name=checkout} > +10%` as read. */
export interface FailRule {
  text: string;
  metric: CompareMetric;
  /** A request name (an HPA name for `lag`). */
  name?: string;
  op: RuleOp;
  /** Absolute: the limit itself; change: added to the baseline's value; percent: % of it. */
  kind: 'absolute' | 'change' | 'percent';
  /** In the metric's unit (ms, s, fraction, per s); percent: the signed percentage. */
  value: number;
}

export interface RuleCheck {
  run: string;
  value: number | null;
  baseline: number | null;
  /** The value the run's was compared with; null with noData. */
  limit: number | null;
  tripped: boolean;
  /** Nothing to measure in the run (or, for a relative rule, in the baseline): does not trip. */
  noData: boolean;
}

export interface RuleResult {
  rule: string;
  metric: CompareMetric;
  name?: string;
  tripped: boolean;
  /** One per run except the baseline. */
  checks: RuleCheck[];
}

export interface Comparison {
  kind: 'scaletrace-compare';
  schemaVersion: 1;
  generatedAt: string;
  /** The baseline run's label. */
  baseline: string;
  /** The union of the runs' request names, in first-seen order. */
  requestNames: string[];
  runs: ComparedRun[];
  rules: RuleResult[];
  /** Some rule tripped: `scaletrace compare` exits 99. */
  failed: boolean;
}
