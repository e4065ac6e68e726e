import type { PresetPlan, SpikeSettings } from '../../scenario';
import type { TimeseriesRow } from '../types';
import { recoveryLagS } from '../recovery-lag';
import type { PhaseRow, SpikeReport } from './preset-report';

/**
 * Baseline against spike and recovery: latency increase, success per phase, and the time from
 * the end of the spike until every second's p95 is back near the baseline's, error-free, for the window.
 */
export function spikeReport(plan: PresetPlan, settings: SpikeSettings, rows: readonly PhaseRow[], seconds: readonly TimeseriesRow[], startedAt: number): SpikeReport {
  const [baseline, spike, recovery] = rows as [PhaseRow, PhaseRow, PhaseRow];
  const recoveredBelowMs = round3(baseline.p95 * (1 + settings.recoveryTolerance));
  const spikeEnd = startedAt + (plan.phases[2]?.startMs ?? 0);
  const lag = baseline.requests === 0 || recovery.requests === 0
    ? null
    : recoveryLagS(seconds, spikeEnd, recoveredBelowMs, settings.recoveryWindowMs / 1000, { errorFree: true });
  return {
    spikeIncreasePct: { avg: increase(baseline.avg, spike.avg, baseline.requests), p95: increase(baseline.p95, spike.p95, baseline.requests) },
    recoveryIncreasePct: { avg: increase(baseline.avg, recovery.avg, baseline.requests), p95: increase(baseline.p95, recovery.p95, baseline.requests) },
    successRate: { baseline: baseline.successRate, spike: spike.successRate, recovery: recovery.successRate },
    recoveredBelowMs,
    timeToRecoverS: lag,
  };
}

function increase(base: number, value: number, baseRequests: number): number | null {
  if (baseRequests === 0 || base <= 0) return null;
  return Math.round(((value - base) / base) * 1000) / 10;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
