import type { PresetPlan } from '../../scenario';
import type { ScopeStats } from './phase-recorder';
import type { PhaseRow } from './preset-report';

/** One row per phase; `endedAtMs` (from the run start) marks phases the run did not finish. */
export function phaseRows(plan: PresetPlan, recorders: readonly ScopeStats[], endedAtMs: number): PhaseRow[] {
  return plan.phases.map((p, i) => {
    const ranMs = Math.max(0, Math.min(p.durationMs, endedAtMs - p.startMs));
    const s = (recorders[i] as ScopeStats).summary(ranMs / 1000);
    return {
      name: p.name,
      from: p.from,
      to: p.to,
      startS: p.startMs / 1000,
      durationS: p.durationMs / 1000,
      ...(p.modelStartMs === undefined ? {} : { modelledAtS: p.modelStartMs / 1000 }),
      requests: s.requests,
      failed: s.failed,
      successRate: s.successRate,
      rps: s.rps,
      servedRps: ranMs > 0 ? Math.round(((recorders[i] as ScopeStats).served / (ranMs / 1000)) * 100) / 100 : 0,
      avg: s.latency.avg, p50: s.latency.p50, p95: s.latency.p95, p99: s.latency.p99, max: s.latency.max,
      // A little slack: the last stage ends on a timer tick, not on the exact millisecond.
      complete: endedAtMs >= p.startMs + p.durationMs - 50,
    };
  });
}
