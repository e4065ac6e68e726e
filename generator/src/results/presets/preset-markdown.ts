import { formatMs, formatPct } from '../format-values';
import { describeErrorTrend, describeTrend, hasPodMemory, hpaNames, phaseCells, replicaCell, soakVerdict, stressVerdict } from './format-preset';
import type { PhaseRow, PresetReport } from './preset-report';

/** summary.md's preset section: the verdict line, then the phase, step or interval table. */
export function presetMarkdown(r: PresetReport): string[] {
  const unit = r.unit === 'rate' ? '/s' : ' VUs';
  const out = [`## Preset: ${r.name}`, ''];
  if (r.stress) {
    out.push(`Breaking point: ${stressVerdict(r.stress, unit)}.`, '');
    const hpas = hpaNames(r.phases);
    out.push('Sent/s: requests sent per second (the offered rate); served/s: successful responses that arrived during the step, per second.', '');
    out.push(`| Step | Target | Sent/s | Success | Served/s | Avg | p95 | p99 |${hpas.map((h) => ` ${h} ready |`).join('')} Verdict |`,
      `|---:|---:|---:|---:|---:|---:|---:|---:|${'---:|'.repeat(hpas.length)}---|`);
    r.stress.curve.forEach((s, i) => {
      const ready = hpas.map((h) => ` ${r.phases[i] === undefined ? '-' : replicaCell(r.phases[i] as PhaseRow, h)} |`).join('');
      out.push(`| ${s.step} | ${s.target}${unit} | ${s.rps} | ${formatPct(s.successRate)} | ${s.servedRps} | ${formatMs(s.avg)} | ${formatMs(s.p95)} | ${formatMs(s.p99)} |${ready} ${s.verdict}${s.reasons.length ? ` (${s.reasons.join(', ')})` : ''} |`);
    });
    out.push('');
    return out;
  }
  if (r.soak) {
    const d = r.soak.drift;
    out.push(`Drift verdict: ${soakVerdict(r.soak)}.`, '');
    if (d.verdict !== 'too short') {
      out.push(`Least-squares trend over the run (drift is a rise beyond the limit; a fall is none): avg latency ${describeTrend(d.latency)}, ` +
        `p95 ${describeTrend(d.p95, false)}, error rate ${describeErrorTrend(d.errorRate)}, generator RSS ${describeTrend(d.memory)}.`, '');
    }
    const pods = hasPodMemory(r.soak);
    out.push(`| ${r.soak.intervalS === 60 ? 'Minute' : `Interval (${r.soak.intervalS}s)`} | RPS | Avg | p95 | Success | Errors |${pods ? ' Pod memory (largest pod) |' : ''} Generator RSS |`,
      `|---:|---:|---:|---:|---:|---:|${pods ? '---:|' : ''}---:|`);
    for (const m of r.soak.intervals) {
      const pod = pods ? ` ${m.podMemoryMiB == null ? '-' : `${m.podMemoryMiB} MiB`} |` : '';
      out.push(`| ${m.index}${m.complete ? '' : ' (partial)'} | ${m.rps} | ${formatMs(m.avg)} | ${formatMs(m.p95)} | ${formatPct(m.successRate)} | ${m.errors} |${pod} ${m.rssMb === null ? '-' : `${m.rssMb} MiB`} |`);
    }
    out.push('');
    return out;
  }
  if (r.timeScale !== undefined && r.timeScale !== 1) out.push(`Run ${r.timeScale}× faster than real time.`, '');
  const hpas = hpaNames(r.phases);
  out.push(`| Phase | Target | Requests | Sent/s | Success | Served/s | Avg | p95 | p99 |${hpas.map((h) => ` ${h} ready |`).join('')}`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|${'---:|'.repeat(hpas.length)}`);
  for (const p of r.phases) out.push(`| ${[...phaseCells(p, unit), ...hpas.map((h) => replicaCell(p, h))].join(' | ')} |`);
  out.push('');
  if (r.spike) {
    const s = r.spike;
    const pct = (v: number | null): string => (v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${v}%`);
    out.push(`Spike vs baseline: avg ${pct(s.spikeIncreasePct.avg)}, p95 ${pct(s.spikeIncreasePct.p95)}. ` +
      `Recovery vs baseline: avg ${pct(s.recoveryIncreasePct.avg)}, p95 ${pct(s.recoveryIncreasePct.p95)}. ` +
      `Time to recover: ${s.timeToRecoverS === null ? 'not within the run' : `${s.timeToRecoverS}s`} (p95 ≤ ${formatMs(s.recoveredBelowMs)}, error-free).`, '');
  }
  return out;
}
