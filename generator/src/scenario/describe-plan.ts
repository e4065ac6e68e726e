import { formatDuration } from './duration';
import type { LoadSpec, Scenario } from './types';
import { describePreset } from './presets/describe-preset';

/** Planned duration; undefined for an iteration-bound closed model. */
export function totalDurationMs(load: LoadSpec): number | undefined {
  if (load.model === 'closed' && load.iterations !== undefined) return undefined;
  return load.stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/** The plan a scenario describes, for `scaletrace validate`; a preset's stages only with `expand`. */
export function describePlan(s: Scenario, opts: { expand?: boolean } = {}): string {
  const lines = [`scenario "${s.name}" — ${s.load.model} model`];
  // Flows and requests share one weighted mix.
  const totalWeight = [...s.requests, ...s.flows].reduce((sum, r) => sum + r.weight, 0);
  const share = (weight: number): string => `${((weight / totalWeight) * 100).toFixed(1)}%`;
  if (s.requests.length) lines.push('requests:');
  for (const r of s.requests) {
    lines.push(`  ${r.name.padEnd(16)} ${r.method.padEnd(6)} ${r.target}${r.path}  ${share(r.weight)}  timeout ${formatDuration(r.timeoutMs)}`);
  }
  if (s.flows.length) lines.push('flows:');
  for (const f of s.flows) {
    lines.push(`  ${f.name.padEnd(16)} ${share(f.weight)} of iterations, ${f.steps.length} step${f.steps.length === 1 ? '' : 's'}${f.cookies ? ', cookies' : ''}`);
    for (const st of f.steps) {
      const think = st.thinkTime && (st.thinkTime.minMs === st.thinkTime.maxMs ? formatDuration(st.thinkTime.minMs) : `${formatDuration(st.thinkTime.minMs)}..${formatDuration(st.thinkTime.maxMs)}`);
      lines.push(`    ${st.step.padEnd(14)} ${st.method.padEnd(6)} ${st.target}${st.path}  timeout ${formatDuration(st.timeoutMs)}${think ? `  think ${think}` : ''}`);
    }
  }
  if (s.data.length) lines.push('data:');
  for (const d of s.data) lines.push(`  ${d.name.padEnd(16)} ${d.format.padEnd(6)} ${d.pick.padEnd(10)} ${d.file}`);
  const load = s.load;
  lines.push(...describeLoad(s, { listStages: !s.preset || opts.expand === true }));
  if (load.model === 'closed' && load.thinkTime) {
    const { minMs, maxMs } = load.thinkTime;
    lines.push(`think time: ${minMs === maxMs ? formatDuration(minMs) : `${formatDuration(minMs)}..${formatDuration(maxMs)}`}`);
  }
  if (s.thresholds.length) lines.push(`thresholds: ${s.thresholds.map((t) => t.expr + (t.abortOnFail ? ' (abortOnFail)' : '')).join('; ')}`);
  for (const f of s.faults ?? []) {
    const a = f.action;
    const what = a.kind === 'deletePods'
      ? `delete ${a.count} pod${a.count === 1 ? '' : 's'} ${a.selector} (${a.pick}${a.gracePeriodS !== undefined ? `, grace ${a.gracePeriodS} s` : ''})`
      : `scale deployment/${a.deployment} to ${a.replicas}`;
    lines.push(`fault ${f.name} at ${formatDuration(f.atMs)}: ${what}`);
  }
  return lines.join('\n');
}

/**
 * The load part of the plan: a preset's settings and phases, the stages (each with its duration
 * and rate or VUs) when `listStages`, and the total. `scaletrace run` prints it for a preset
 * before starting, `validate` as part of the whole plan.
 */
export function describeLoad(s: Scenario, opts: { listStages: boolean }): string[] {
  const lines: string[] = [];
  const { load } = s;
  const { listStages } = opts;
  if (s.preset) lines.push(...describePreset(s.preset));
  if (listStages) lines.push('stages:');
  if (load.model === 'open') {
    let from = load.startRate ?? load.stages[0]?.rate ?? 0;
    let arrivals = 0;
    load.stages.forEach((st, i) => {
      arrivals += ((from + st.rate) / 2) * (st.durationMs / 1000);
      if (listStages) lines.push(`  ${i}: ${formatDuration(st.durationMs).padEnd(8)} ${from === st.rate ? `${st.rate} req/s` : `${from} → ${st.rate} req/s`}`);
      from = st.rate;
    });
    lines.push(`total: ${formatDuration(totalDurationMs(load) ?? 0)}, ~${Math.round(arrivals)} requests, maxInFlight ${load.maxInFlight}${s.preset ? `, ${load.stages.length} stages` : ''}`);
  } else if (load.iterations !== undefined) {
    lines.push(`  ${load.stages[0]?.vus ?? 0} VUs share ${load.iterations} iterations`);
  } else {
    let from = load.startVus ?? load.stages[0]?.vus ?? 0;
    load.stages.forEach((st, i) => {
      if (listStages) lines.push(`  ${i}: ${formatDuration(st.durationMs).padEnd(8)} ${from === st.vus ? `${st.vus} VUs` : `${from} → ${st.vus} VUs`}`);
      from = st.vus;
    });
    lines.push(`total: ${formatDuration(totalDurationMs(load) ?? 0)}${s.preset ? `, ${load.stages.length} stages` : ''}`);
  }
  return lines;
}
