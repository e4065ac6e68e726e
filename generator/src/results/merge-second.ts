import type { SecondState } from './aggregator-state';
import { round2 } from './breakdown-recorder';
import { LatencyRecorder } from './latency-recorder';

/**
 * One timeseries second of two workers or shards that ticked together: counts and gauges add
 * up, percentiles come from the merged histogram. Time and elapsed are the first one's.
 */
export function mergeSecond(a: SecondState, b: SecondState): SecondState {
  const latency = new LatencyRecorder();
  latency.absorb(a.latency);
  latency.absorb(b.latency);
  const x = a.row;
  const y = b.row;
  return {
    row: {
      time: x.time,
      elapsedS: x.elapsedS,
      stage: Math.max(x.stage, y.stage),
      target: round2(x.target + y.target),
      rps: round2(x.rps + y.rps),
      requests: latency.count,
      p50: latency.percentile(50),
      p95: latency.percentile(95),
      p99: latency.percentile(99),
      errors: x.errors + y.errors,
      errorsByType: addCounts(x.errorsByType, y.errorsByType),
      vus: x.vus + y.vus,
      inFlight: x.inFlight + y.inFlight,
      dropped: x.dropped + y.dropped,
    },
    latency: latency.state(),
  };
}

function addCounts(a: Record<string, number> | undefined, b: Record<string, number> | undefined): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, n] of Object.entries(b ?? {})) out[k] = (out[k] ?? 0) + n;
  return Object.fromEntries(Object.entries(out).sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0])));
}
