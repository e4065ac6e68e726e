import type { ThresholdMetric, ThresholdOp, ThresholdSpec } from './types';
import { parseDuration } from './duration';

/** Threshold expressions: `[request:] metric op value`, e.g. "predict: p99 < 1s", "error_rate < 1%". */
const LATENCY = new Set<ThresholdMetric>(['min', 'avg', 'max', 'p50', 'p90', 'p95', 'p99', 'p999', 'med']);
const RATE = new Set<ThresholdMetric>(['error_rate', 'success_rate']);
const COUNT = new Set<ThresholdMetric>(['rps', 'requests', 'failed']);
/** Scaling lags come from the Kubernetes watcher (scenario `kubernetes:`); values are durations. */
export const SCALING_METRICS: ReadonlySet<ThresholdMetric> = new Set<ThresholdMetric>(['scaling_lag', 'detection_lag', 'actuation_lag']);
const ALIASES: Record<string, ThresholdMetric> = { 'p(50)': 'p50', 'p(90)': 'p90', 'p(95)': 'p95', 'p(99)': 'p99', 'p(99.9)': 'p999', median: 'med' };
const GRAMMAR = /^\s*(?:([A-Za-z0-9_.-]+)\s*:\s*)?([A-Za-z_0-9().]+)\s*(<=|>=|==|!=|<|>)\s*(\S+?(?:\s*(?:%|ms|s|m|h))?)\s*$/;

export class ThresholdSyntaxError extends Error {}

export function parseThreshold(expr: string, opts: { abortOnFail?: boolean; delayAbortEvalMs?: number } = {}): ThresholdSpec {
  const m = GRAMMAR.exec(expr);
  if (!m) throw new ThresholdSyntaxError(`cannot read threshold ${JSON.stringify(expr)} (expected e.g. "p95 < 500ms", "error_rate < 1%", "predict: p99 < 1s")`);
  const [, request, rawMetric = '', op = '<', written = ''] = m;
  const rawValue = written.replace(/\s+/g, '');
  const lower = rawMetric.toLowerCase();
  const metric = (ALIASES[lower] ?? lower) as ThresholdMetric;
  let value: number;
  if (LATENCY.has(metric) || SCALING_METRICS.has(metric)) {
    value = /^\d+(\.\d+)?$/.test(rawValue) ? Number(rawValue) : parseLatency(rawValue, expr);
  } else if (RATE.has(metric)) {
    value = rawValue.endsWith('%') ? Number(rawValue.slice(0, -1)) / 100 : Number(rawValue);
    if (!Number.isFinite(value) || value < 0 || value > 1) throw new ThresholdSyntaxError(`${JSON.stringify(expr)}: a rate is a percentage (1%) or a fraction (0.01)`);
  } else if (COUNT.has(metric)) {
    value = Number(rawValue);
    if (!Number.isFinite(value)) throw new ThresholdSyntaxError(`${JSON.stringify(expr)}: ${rawValue} is not a number`);
  } else {
    throw new ThresholdSyntaxError(`${JSON.stringify(expr)}: unknown metric "${rawMetric}" (known: ${[...LATENCY, ...RATE, ...COUNT, ...SCALING_METRICS].join(', ')})`);
  }
  return {
    expr: expr.trim(), request, metric, op: op as ThresholdOp, value,
    abortOnFail: opts.abortOnFail ?? false, delayAbortEvalMs: opts.delayAbortEvalMs ?? 0,
  };
}

function parseLatency(raw: string, expr: string): number {
  try {
    return parseDuration(raw);
  } catch {
    throw new ThresholdSyntaxError(`${JSON.stringify(expr)}: ${JSON.stringify(raw)} is not a latency (use e.g. 250ms, 1s)`);
  }
}
