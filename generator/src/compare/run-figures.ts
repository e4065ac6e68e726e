import type { BreakdownStats, ScalingEpisodeSummary, ScalingSection } from '../results';
import type { Figures, HpaLags } from './types';

/** A breakdown's figures; latency and rates are null when it saw no request (nothing to compare). */
export function breakdownFigures(b: BreakdownStats | undefined, lag: number | null = null): Figures {
  const requests = b?.requests ?? 0;
  const none = b === undefined || requests === 0;
  return {
    requests,
    failed: b?.failed ?? 0,
    p50: none ? null : b.latency.p50,
    p95: none ? null : b.latency.p95,
    p99: none ? null : b.latency.p99,
    avg: none ? null : b.latency.avg,
    error_rate: none ? null : b.errorRate,
    success: none ? null : 1 - b.errorRate,
    // Served: successful responses per second (a target failing fast completes many, serves few).
    rps: none ? 0 : Math.round(b.rps * (1 - b.errorRate) * 100) / 100,
    lag,
  };
}

/**
 * The worst scale-up's total lag in seconds, over every HPA or the one named; an episode still
 * open at the end counts with the time it had taken (as the `scaling_lag` threshold does). null: no scale-up.
 */
export function worstScaleUpLagS(scaling: ScalingSection | undefined, hpa?: string): number | null {
  let worst: number | null = null;
  for (const h of scaling?.hpas ?? []) {
    if (hpa !== undefined && h.name !== hpa) continue;
    for (const e of h.episodes) {
      if (e.direction !== 'up') continue;
      const lag = e.lagS.total ?? e.openForS ?? null;
      if (lag !== null && (worst === null || lag > worst)) worst = lag;
    }
  }
  return worst;
}

/** Per HPA: how often it scaled and its worst scale-up's lags. */
export function hpaLags(scaling: ScalingSection | undefined): HpaLags[] {
  return (scaling?.hpas ?? []).map((h) => {
    const ups = h.episodes.filter((e) => e.direction === 'up');
    const worstOf = (pick: (e: ScalingEpisodeSummary) => number | null): number | null =>
      ups.reduce<number | null>((w, e) => { const v = pick(e); return v === null ? w : Math.max(w ?? v, v); }, null);
    return {
      name: h.name,
      scaleUps: ups.length,
      scaleDowns: h.episodes.length - ups.length,
      maxReplicasReached: h.maxReplicasReached,
      worst: {
        detection: worstOf((e) => e.lagS.detection),
        actuation: worstOf((e) => e.lagS.actuation),
        total: worstOf((e) => e.lagS.total ?? e.openForS ?? null),
        recovery: worstOf((e) => e.lagS.recovery),
      },
    };
  });
}
