import type { BreakingCriteria } from '../../scenario';
import { formatMs, formatPct } from '../format-values';
import type { PhaseRow, StressReport, StressStep } from './preset-report';

/** The bounds a step broke (empty: it held). A step without requests breaks nothing. */
export function breakingReasons(step: Pick<PhaseRow, 'requests' | 'successRate' | 'avg' | 'p95'>, c: BreakingCriteria): string[] {
  if (step.requests === 0) return [];
  const out: string[] = [];
  if (step.successRate < c.successBelow) out.push(`success ${formatPct(step.successRate)} < ${formatPct(c.successBelow)}`);
  if (c.avgAboveMs !== undefined && step.avg > c.avgAboveMs) out.push(`avg ${formatMs(step.avg)} > ${formatMs(c.avgAboveMs)}`);
  if (c.p95AboveMs !== undefined && step.p95 > c.p95AboveMs) out.push(`p95 ${formatMs(step.p95)} > ${formatMs(c.p95AboveMs)}`);
  return out;
}

/** Where the step that stopped the run broke, as judged while it ran. */
export interface LiveBreak { phase: number; reasons: string[] }

/**
 * The latency-vs-rate curve and the breaking point: the first complete step that broke a bound
 * (or the one the run stopped at), and the last good step before it.
 */
export function stressReport(rows: readonly PhaseRow[], c: BreakingCriteria, liveBreak: LiveBreak | undefined): StressReport {
  let broken = false;
  const curve: StressStep[] = rows.map((row, i) => {
    const reasons = breakingReasons(row, c);
    let verdict: StressStep['verdict'];
    if (broken) verdict = row.requests === 0 ? 'not run' : 'after break';
    else if (liveBreak?.phase === i || (row.complete && reasons.length > 0)) {
      verdict = 'breaking';
      broken = true;
    } else if (row.requests === 0 && !row.complete) verdict = 'not run';
    else verdict = row.complete ? 'good' : 'partial';
    return {
      step: i + 1, target: row.to, rps: row.rps, servedRps: row.servedRps, requests: row.requests, failed: row.failed, successRate: row.successRate,
      avg: row.avg, p50: row.p50, p95: row.p95, p99: row.p99, verdict,
      ...(row.replicas === undefined ? {} : { replicas: row.replicas }),
      reasons: verdict === 'breaking' && reasons.length === 0 ? (liveBreak?.reasons ?? []) : reasons,
    };
  });
  const breakingIndex = curve.findIndex((s) => s.verdict === 'breaking');
  const good = curve.filter((s, i) => s.verdict === 'good' && (breakingIndex < 0 || i < breakingIndex));
  return {
    criteria: { ...c },
    lastGood: good[good.length - 1] ?? null,
    breaking: breakingIndex < 0 ? null : (curve[breakingIndex] as StressStep),
    stoppedEarly: liveBreak !== undefined,
    curve,
  };
}
