import type { InferenceStats, PresetReport, Summary, TrendVerdict } from '../results';
import { deltas } from './deltas';
import { evaluateRules } from './evaluate-rules';
import type { LoadedRun } from './load-runs';
import { breakdownFigures, hpaLags, worstScaleUpLagS } from './run-figures';
import type { ComparedRun, Comparison, FailRule, InferenceFigures, RunPreset } from './types';

/** The comparison: every run's figures, its deltas against the baseline, and the rules' verdicts. */
export function compareRuns(loaded: readonly LoadedRun[], rules: readonly FailRule[] = [], generatedAt: Date = new Date()): Comparison {
  const requestNames = [...new Set(loaded.flatMap((r) => Object.keys(r.summary.requests)))];
  const figures = loaded.map((r) => runFigures(r));
  const base = figures.find((r) => r.baseline) ?? figures[0];
  const runs = figures.map((run): ComparedRun => {
    if (base === undefined || run === base) return run;
    // Only names both have: against a baseline without the request there is nothing to be +3/s over.
    const names = Object.keys(run.requests).filter((n) => base.requests[n] !== undefined);
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
    ...(s.inference === undefined ? {} : { inference: inferenceFigures(s.inference) }),
  };
}

/** Per request name with `extract:`: tokens/s, tokens per response, time to first token and per output token (p95). */
export function inferenceFigures(stats: Record<string, InferenceStats>): Record<string, InferenceFigures> {
  return Object.fromEntries(Object.entries(stats).map(([name, s]) => {
    const streamed = s.streamed ?? 0;
    return [name, {
      responses: s.responses,
      tokensPerS: s.withTokens === 0 ? null : s.tokens.perSecond,
      tokensPerResponse: s.withTokens === 0 ? null : s.tokens.perRequest.avg,
      firstTokenP95: s.responses === 0 || s.firstChunk.max === 0 ? null : s.firstChunk.p95,
      streamed,
      timePerOutputTokenP95: streamed > 0 ? s.timePerOutputToken.p95 : null,
    }];
  }));
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
      phases: p.phases.map((ph) => ({ name: ph.name, target: ph.to, rps: ph.rps, served: typeof ph.servedRps === 'number' ? ph.servedRps : null, successRate: ph.successRate, p95: ph.p95, p99: ph.p99, requests: ph.requests })),
      spikeIncreasePct: p.spike.spikeIncreasePct.p95,
      timeToRecoverS: p.spike.timeToRecoverS,
    };
  }
  if (p.soak) {
    const d = p.soak.drift;
    const pct = (t: TrendVerdict | null): number | null => (t === null || t.relative === null ? null : Math.round(t.relative * 10000) / 100);
    const judged: Array<[string, TrendVerdict | null]> = [['avg latency', d.latency], ['error rate', d.errorRate], ['generator memory', d.memory]];
    out.soak = {
      verdict: d.verdict,
      intervals: p.soak.intervals.length,
      fittedIntervals: d.points,
      latencyChangePct: pct(d.latency),
      p95ChangePct: pct(d.p95),
      errorRateChange: d.errorRate?.change ?? null,
      memoryChangePct: pct(d.memory),
      exceeded: judged.filter(([, t]) => t !== null && !t.ok).map(([name]) => name),
    };
  }
  return out;
}
