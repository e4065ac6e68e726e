import type { LatencyStats } from '../../generator/src/results';
import type { DecodedSpan } from '../fixtures/otlp-receiver';

/** The CLIENT request spans (start = intended send time, so duration = the reported latency). */
export const requestSpans = (spans: DecodedSpan[]): DecodedSpan[] => spans.filter((s) => s.kind === 3);

/** Nearest-rank percentile (HDR's definition) of raw values. */
export function exactPercentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9));
  return sorted[rank - 1] ?? 0;
}

/**
 * Asserts each reported percentile is the raw values' own within HDR precision: 3 significant
 * digits (0.1 %), µs rounding, and the span times' ns encoding.
 */
export function expectWithinHdrPrecision(reported: LatencyStats, rawMs: readonly number[]): void {
  const sorted = [...rawMs].sort((a, b) => a - b);
  const pairs: Array<[keyof LatencyStats, number]> = [['p50', 50], ['p90', 90], ['p95', 95], ['p99', 99], ['max', 100], ['min', 0]];
  for (const [key, p] of pairs) {
    const exact = p === 0 ? (sorted[0] ?? 0) : exactPercentile(sorted, p);
    const diff = Math.abs(reported[key] - exact);
    if (diff > exact * 0.001 + 0.002) throw new Error(`${key}: reported ${reported[key]} ms, exact ${exact} ms over ${sorted.length} values`);
  }
}
