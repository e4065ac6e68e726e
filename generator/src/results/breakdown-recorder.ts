import type { RequestRecord } from '../engine';
import type { BreakdownStats } from './types';
import { EMPTY_LATENCY, LatencyRecorder } from './latency-recorder';
import type { BreakdownState, HistogramFormat } from './aggregator-state';

/** Requests, failures by error.type and the three latency distributions of one scope (total, a name, a stage). */
export class BreakdownRecorder {
  requests = 0;
  failed = 0;
  readonly errors = new Map<string, number>();
  readonly latency = new LatencyRecorder();
  readonly ttfb = new LatencyRecorder();
  readonly scheduleLag = new LatencyRecorder();

  record(r: RequestRecord, latencyMs: number, lagMs: number): void {
    this.requests++;
    this.latency.record(latencyMs);
    this.scheduleLag.record(lagMs);
    if (r.ttfb !== undefined) this.ttfb.record(r.ttfb - r.intendedStart);
    if (r.errorType !== undefined) {
      this.failed++;
      this.errors.set(r.errorType, (this.errors.get(r.errorType) ?? 0) + 1);
    }
  }

  state(format: HistogramFormat = 'hdr'): BreakdownState {
    return {
      requests: this.requests, failed: this.failed, errors: Object.fromEntries(this.errors),
      latency: this.latency.state(format), ttfb: this.ttfb.state(format), scheduleLag: this.scheduleLag.state(format),
    };
  }

  absorb(s: BreakdownState): void {
    this.requests += s.requests;
    this.failed += s.failed;
    for (const [type, n] of Object.entries(s.errors)) this.errors.set(type, (this.errors.get(type) ?? 0) + n);
    this.latency.absorb(s.latency);
    this.ttfb.absorb(s.ttfb);
    this.scheduleLag.absorb(s.scheduleLag);
  }

  /** `latencyOnly` skips ttfb and schedule lag: the live threshold check needs neither. */
  stats(durationS: number, latencyOnly = false): BreakdownStats {
    return {
      requests: this.requests,
      failed: this.failed,
      errorRate: this.requests === 0 ? 0 : this.failed / this.requests,
      rps: durationS > 0 ? round2(this.requests / durationS) : 0,
      latency: this.latency.stats(),
      ttfb: latencyOnly ? { ...EMPTY_LATENCY } : this.ttfb.count === 0 ? null : this.ttfb.stats(),
      scheduleLag: latencyOnly ? { ...EMPTY_LATENCY } : this.scheduleLag.stats(),
      errors: sortedCounts(this.errors),
    };
  }
}

/** Most frequent first, so the first key of `errors` is the one to look at. */
export function sortedCounts(counts: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) out[k] = v;
  return out;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
