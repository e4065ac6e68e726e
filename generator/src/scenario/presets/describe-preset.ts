import { formatDuration } from '../duration';
import type { PresetPlan } from './preset-plan';
import { clockText } from './daily';

/** The preset's settings and phases, for `scaletrace validate` (the stages follow with --expand). */
export function describePreset(plan: PresetPlan): string[] {
  const unit = plan.unit === 'rate' ? 'req/s' : 'VUs';
  const lines = [`preset: ${plan.name} (${plan.phases.length} phases, targets in ${unit}${plan.timeScale && plan.timeScale !== 1 ? `, timeScale ${plan.timeScale}` : ''})` +
    (plan.defaults ? ` — its defaults: no load.${plan.name} block` : '')];
  if (plan.stress) {
    const w = plan.stress.breakWhen;
    const bounds = [`success < ${pct(w.successBelow)}`];
    if (w.avgAboveMs !== undefined) bounds.push(`avg > ${formatDuration(w.avgAboveMs)}`);
    if (w.p95AboveMs !== undefined) bounds.push(`p95 > ${formatDuration(w.p95AboveMs)}`);
    lines.push(`  breaking point: a step with ${bounds.join(' or ')}; ${plan.stress.stopAtBreak ? 'the run stops there' : 'the run goes on'}`);
  }
  if (plan.spike) {
    lines.push(`  recovered: every second's p95 within ${pct(plan.spike.recoveryTolerance)} of the baseline's, error-free, for ${formatDuration(plan.spike.recoveryWindowMs)}`);
  }
  if (plan.soak) {
    const s = plan.soak;
    lines.push(`  drift verdict: latency ±${pct(s.maxLatencyDrift)}, error rate ±${pct(s.maxErrorDrift)}, generator memory ±${pct(s.maxMemoryDrift)} over the run` +
      (s.warmupMs > 0 ? ` (first ${formatDuration(s.warmupMs)} left out)` : ''));
  }
  for (const p of plan.phases) {
    const modelled = p.modelStartMs !== undefined && plan.timeScale !== undefined && plan.timeScale !== 1 ? `  (models +${clockText(p.modelStartMs / 3_600_000)})` : '';
    const value = p.from === p.to ? `${p.to} ${unit}` : `${p.from} → ${p.to} ${unit}`;
    lines.push(`  ${p.name.padEnd(20)} at ${formatDuration(p.startMs).padEnd(8)} for ${formatDuration(p.durationMs).padEnd(8)} ${value}  stages ${stageRange(p.stages)}${modelled}`);
  }
  return lines;
}

function stageRange(stages: number[]): string {
  if (stages.length === 0) return '-';
  return stages.length === 1 ? String(stages[0]) : `${stages[0]}–${stages[stages.length - 1]}`;
}

function pct(f: number): string {
  return `${+(f * 100).toFixed(2)}%`;
}
