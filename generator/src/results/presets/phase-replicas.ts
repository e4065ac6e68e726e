import type { ScalingSection } from '../types';
import type { PhaseRow, PhaseReplicas } from './preset-report';

/**
 * Ready replicas of each watched HPA's target during each phase (from the scaling timeline), so a
 * progressive profile shows whether it walked the HPA 1 → 5 → 2 → 4 → 1 as planned.
 */
export function withReplicas(phases: readonly PhaseRow[], scaling: ScalingSection | undefined): PhaseRow[] {
  if (scaling === undefined || scaling.hpas.length === 0) return phases.slice();
  return phases.map((p) => {
    const replicas: Record<string, PhaseReplicas> = {};
    const endS = p.startS + p.durationS;
    for (const h of scaling.hpas) {
      let atStart: number | undefined;
      let atEnd: number | undefined;
      let min = Infinity;
      let max = -Infinity;
      for (const t of h.timeline) {
        if (t.elapsedS <= p.startS) atStart = t.ready;
        if (t.elapsedS > p.startS && t.elapsedS <= endS) {
          min = Math.min(min, t.ready);
          max = Math.max(max, t.ready);
        }
        if (t.elapsedS <= endS) atEnd = t.ready;
      }
      if (atStart !== undefined) {
        min = Math.min(min, atStart);
        max = Math.max(max, atStart);
      }
      if (atEnd === undefined) continue;
      replicas[h.name] = { min, max, atEnd };
    }
    return Object.keys(replicas).length > 0 ? { ...p, replicas } : { ...p };
  });
}
