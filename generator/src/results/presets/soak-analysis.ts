import type { SoakSettings } from '../../scenario';
import type { IntervalBucket } from './phase-recorder';
import type { SoakInterval, SoakReport, TrendVerdict } from './preset-report';
import { leastSquares } from './trend';

const MIB = 1024 * 1024;

/** One metrics.k8s.io sample of one pod's memory (pod-metrics.csv's `time` and `memory_bytes`). */
export interface PodMemoryPoint { at: number; memoryBytes: number }

/** The largest pod's memory (MiB, one decimal) per interval from the run start; null where none was sampled. */
export function podMemoryByInterval(samples: readonly PodMemoryPoint[], startedAt: number, intervalMs: number, count: number): (number | null)[] {
  const out: (number | null)[] = Array.from({ length: count }, () => null);
  for (const s of samples) {
    const k = Math.floor((s.at - startedAt) / intervalMs);
    if (k < 0 || k >= count || !Number.isFinite(s.memoryBytes)) continue;
    out[k] = Math.max(out[k] ?? 0, Math.round((s.memoryBytes / MIB) * 10) / 10);
  }
  return out;
}

/**
 * The soak's interval table and its drift verdict (least-squares trend over complete intervals after
 * the warm-up). `podMiB`: with a `kubernetes:` section, the largest pod's memory per interval.
 */
export function soakReport(settings: SoakSettings, buckets: readonly IntervalBucket[], endedAtMs: number, runMs: number, podMiB?: readonly (number | null)[]): SoakReport {
  const { intervalMs } = settings;
  // A bucket that starts at or after the end (opened by the last RSS sample or a late straggler)
  // covers no time of the run: it is not a row ("6  0/s  0µs  100% (partial)").
  const endMs = Math.min(endedAtMs, runMs);
  const real = buckets.filter((b, i) => b.requests > 0 || i * intervalMs < endMs - 50);
  const intervals: SoakInterval[] = real.map((b, i) => {
    const startMs = i * intervalMs;
    const spanMs = Math.max(0, Math.min(intervalMs, endedAtMs - startMs, runMs - startMs));
    return {
      index: i + 1,
      startS: startMs / 1000,
      requests: b.requests,
      rps: spanMs > 0 ? Math.round((b.requests / (spanMs / 1000)) * 100) / 100 : 0,
      avg: b.requests === 0 ? 0 : Math.round((b.latencySum / b.requests) * 1000) / 1000,
      p95: b.p95Ms(),
      successRate: b.requests === 0 ? 1 : 1 - b.failed / b.requests,
      errors: b.failed,
      rssMb: b.rssSamples === 0 ? null : Math.round((b.rssSum / b.rssSamples / MIB) * 10) / 10,
      ...(podMiB === undefined ? {} : { podMemoryMiB: podMiB[i] ?? null }),
      complete: startMs + intervalMs <= Math.min(endedAtMs, runMs) + 50,
    };
  });
  const fitted = intervals.filter((r) => r.complete && r.startS * 1000 >= settings.warmupMs && r.requests > 0);
  const points = fitted.length;
  if (points < 3) {
    return { intervalS: intervalMs / 1000, intervals, drift: { verdict: 'too short', points, fitted: null, latency: null, p95: null, errorRate: null, memory: null } };
  }
  const latency = trend(fitted.map((r) => r.avg), settings.maxLatencyDrift, true);
  const p95 = trend(fitted.map((r) => r.p95), settings.maxLatencyDrift, true);
  const errorRate = trend(fitted.map((r) => 1 - r.successRate), settings.maxErrorDrift, false);
  const rss = fitted.map((r) => r.rssMb).filter((v): v is number => v !== null);
  const memory = rss.length >= 3 ? trend(rss, settings.maxMemoryDrift, true) : null;
  const ok = [latency, errorRate, memory].every((t) => t === null || t.ok);
  const fittedRange = { first: (fitted[0] as SoakInterval).index, last: (fitted[points - 1] as SoakInterval).index };
  return { intervalS: intervalMs / 1000, intervals, drift: { verdict: ok ? 'stable' : 'drifting', points, fitted: fittedRange, latency, p95, errorRate, memory } };
}

/**
 * Drift is growth (latency or errors creeping up, memory leaking): only a rise beyond `limit` trips
 * it; a fall keeps its sign in `change` but is no drift. `relativeLimit`: the limit applies to
 * change / fitted start; else to the change itself.
 */
function trend(ys: readonly number[], limit: number, relativeLimit: boolean): TrendVerdict {
  const fit = leastSquares(ys) ?? { slope: 0, intercept: ys[0] ?? 0 };
  const change = fit.slope * (ys.length - 1);
  const relative = fit.intercept > 0 ? change / fit.intercept : null;
  const measured = relativeLimit ? (relative ?? 0) : change;
  return {
    slopePerInterval: round(fit.slope, 6),
    start: round(fit.intercept, 6),
    change: round(change, 6),
    relative: relative === null ? null : round(relative, 4),
    limit,
    ok: measured <= limit,
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
