import type { LatencyStats } from './types';
import { decodeHistogram, encodeHistogram, type HistogramFormat, type LatencyState } from './aggregator-state';
import { MAX_RECORDABLE_US, MicrosHistogram } from './micros-histogram';

const { round } = Math;

export const EMPTY_LATENCY: Readonly<LatencyStats> = Object.freeze({
  min: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0,
});

/** One latency distribution: HDR percentiles plus exact count, sum, min and max (ms in, ms out). */
export class LatencyRecorder {
  readonly histogram = new MicrosHistogram();
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  record(ms: number): void {
    // Negative (clock skew) and NaN both become 0 so a bad record cannot throw on the hot path.
    const v = ms > 0 ? ms : 0;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    const us = round(v * 1000);
    this.histogram.recordValue(us < MAX_RECORDABLE_US ? us : MAX_RECORDABLE_US);
  }

  reset(): void {
    this.histogram.reset();
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  /** Plain, exactly mergeable copy (aggregator-state.ts). */
  state(format: HistogramFormat = 'hdr'): LatencyState {
    const empty = this.count === 0;
    const base = { count: this.count, sum: this.sum, min: empty ? null : this.min, max: empty ? null : this.max };
    if (empty) return { ...base, histogram: '' };
    if (format === 'hdr') return { ...base, histogram: encodeHistogram(this.histogram) };
    const h = this.histogram;
    const buckets: number[] = [];
    for (let i = 0, n = h.countsArrayLength; i < n; i++) {
      const c = h.getCountAtIndex(i);
      if (c !== 0) buckets.push(h.valueFromIndex(i), c);
    }
    return { ...base, histogram: '', buckets };
  }

  /** Adds another recorder's values, as if they had been recorded here. */
  absorb(s: LatencyState): void {
    if (s.count === 0) return;
    this.count += s.count;
    this.sum += s.sum;
    if (s.min !== null && s.min < this.min) this.min = s.min;
    if (s.max !== null && s.max > this.max) this.max = s.max;
    if (s.buckets !== undefined) {
      const b = s.buckets;
      for (let i = 0; i + 1 < b.length; i += 2) this.histogram.recordValueWithCount(b[i] as number, b[i + 1] as number);
    } else {
      this.histogram.add(decodeHistogram(s.histogram));
    }
  }

  /** Percentile in ms, clamped to the exact min/max (HDR reports a bucket's upper edge). */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const ms = this.histogram.getValueAtPercentile(p) / 1000;
    return roundMs(Math.min(Math.max(ms, this.min), this.max));
  }

  stats(): LatencyStats {
    if (this.count === 0) return { ...EMPTY_LATENCY };
    return {
      min: roundMs(this.min),
      avg: roundMs(this.sum / this.count),
      p50: this.percentile(50),
      p90: this.percentile(90),
      p95: this.percentile(95),
      p99: this.percentile(99),
      p999: this.percentile(99.9),
      max: roundMs(this.max),
    };
  }
}

/** Microsecond resolution is what we measure; more digits would be noise. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
