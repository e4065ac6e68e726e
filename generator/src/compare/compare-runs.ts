import type { PresetReport, Summary } from '../results';
import { deltas } from './deltas';
import { evaluateRules } from './evaluate-rules';
import type { LoadedRun } from './load-runs';
import { breakdownFigures, hpaLags, worstScaleUpLagS } from './run-figures';
import type { ComparedRun, Comparison, FailRule, RunPreset } from './types';

/** The comparison: every run's figures, its deltas against the baseline, and the rules' verdicts. */
export function compareRuns(loaded: readonly LoadedRun[], rules: readonly FailRule[] = [], generatedAt: Date = new Date()): Comparison {
  const requestNames = [...new Set(loaded.flatMap((r) => Object.keys(r.summary.requests)))];
  const figures = loaded.map((r) => runFigures(r));
  const base = figures.find((r) => r.baseline) ?? figures[0];
  const runs = figures.map((run): ComparedRun => {
    if (base === undefined || run === base) return run;
    const names = [...new Set([...Object.keys(run.requests), ...Object.keys(base.requests)])];
    return {
      ...run,
      deltas: {
        totals: deltas(run.totals, base.totals),
        requests: Object.fromEntries(names.map((n) => [n, deltas(run.requests[n] ?? breakdownFigures(undefined), base.requests[n] ?? breakdownFigures(undefined))])),
      },
    };
  });
  const results = evaluateRules(rules, runs);
  return {
    kind: 'scaletrace-compare',
    schemaVersion: 1,
    generatedAt: generatedAt.toISOString(),
    baseline: base?.label ?? '',
    requestNames,
    runs,
    rules: results,
    failed: results.some((r) => r.tripped),
  };
}

function runFigures(r: LoadedRun): ComparedRun {
  const s: Summary = r.summary;
  const preset = s.preset === undefined ? undefined : presetFigures(s.preset);
  return {
    label: r.label,
    dir: r.dir,
    id: s.run.id,
    scenario: s.run.scenario,
    status: s.run.status,
    model: s.run.model,
    startedAt: s.run.startedAt,
    durationS: s.run.durationS,
    peakTarget: s.run.usersOrRate,
    baseline: r.baseline,
    totals: breakdownFigures(s.totals, worstScaleUpLagS(s.scaling)),
    requests: Object.fromEntries(Object.entries(s.requests).map(([name, b]) => [name, breakdownFigures(b)])),
    hpas: hpaLags(s.scaling),
    ...(preset === undefined ? {} : { preset }),
  };
}

/** The preset figures worth setting side by side: the stress curve, the spike's phases, the soak's drift. */
export function presetFigures(p: PresetReport): RunPreset {
  const out: RunPreset = { name: p.name };
  if (p.stress) {
    const { breaking, lastGood, curve } = p.stress;
    out.stress = {
      breakingStep: breaking?.step ?? null,
      breakingTarget: breaking?.target ?? null,
      lastGoodTarget: lastGood?.target ?? null,
      reasons: breaking?.reasons ?? [],
      curve: curve.filter((c) => c.requests > 0).map((c) => ({ step: c.step, target: c.target, rps: c.rps, successRate: c.successRate, p95: c.p95, verdict: c.verdict })),
    };
  }
  if (p.spike) {
    out.spike = {
      phases: p.phases.map((ph) => ({ name: ph.name, target: ph.to, rps: ph.rps, successRate: ph.successRate, p95: ph.p95, p99: ph.p99, requests: ph.requests })),
      spikeIncreasePct: p.spike.spikeIncreasePct.p95,
      timeToRecoverS: p.spike.timeToRecoverS,
    };
  }
  if (p.soak) {
    const d = p.soak.drift;
    out.soak = {
      verdict: d.verdict,
      intervals: p.soak.intervals.length,
      p95ChangePct: d.p95?.relative === null || d.p95 === null ? null : Math.round(d.p95.relative * 10000) / 100,
      errorRateChange: d.errorRate?.change ?? null,
    };
  }
  return out;
}
