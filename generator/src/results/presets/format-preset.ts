import { formatDurationS, formatMs, formatPct, formatRate } from '../format-values';
import type { PhaseRow, PresetReport, SoakReport, SpikeReport, StressReport, StressStep, TrendVerdict } from './preset-report';

/** Console lines of the preset section (the summary.md tables are in presetMarkdown). */
export function presetLines(r: PresetReport): string[] {
  const unit = r.unit === 'rate' ? '/s' : ' VUs';
  const out: string[] = [headline(r, unit)];
  if (r.stress) {
    const hpas = hpaNames(r.phases);
    out.push(...table(['step', 'target', 'sent', 'success', 'served', 'avg', 'p95', 'p99', ...hpas.map((h) => `${h} ready`), 'verdict'], r.stress.curve.map((s, i) => [
      String(s.step), `${s.target}${unit}`,
      ...(s.requests === 0
        ? ['-', '-', '-', '-', '-', '-']
        : [formatRate(s.rps), formatPct(s.successRate), formatRate(s.servedRps), formatMs(s.avg), formatMs(s.p95), formatMs(s.p99)]),
      ...hpas.map((h) => (r.phases[i] === undefined ? '-' : replicaCell(r.phases[i] as PhaseRow, h))),
      s.verdict + (s.reasons.length ? ` (${s.reasons.join(', ')})` : ''),
    ])));
  } else if (r.soak) {
    out.push(...soakTable(r.soak, 30));
  } else {
    const hpas = hpaNames(r.phases);
    out.push(...table(['phase', 'target', 'requests', 'sent', 'success', 'served', 'avg', 'p95', 'p99', ...hpas.map((h) => `${h} ready`)],
      r.phases.map((p) => [...phaseCells(p, unit), ...hpas.map((h) => replicaCell(p, h))])));
  }
  if (r.spike) out.push(...spikeLines(r.spike));
  return out;
}

function headline(r: PresetReport, unit: string): string {
  if (r.stress) return `${r.name} · ${stressVerdict(r.stress, unit)}`;
  if (r.soak) return `${r.name} · ${soakVerdict(r.soak)}`;
  const scale = r.timeScale !== undefined && r.timeScale !== 1 ? ` · timeScale ${r.timeScale}` : '';
  return `${r.name} · ${r.phases.length} phases${scale}`;
}

export function stressVerdict(s: StressReport, unit: string): string {
  const step = (x: StressStep): string => `step ${x.step} (${x.target}${unit})`;
  if (!s.breaking) return `no breaking point up to ${s.curve.length ? step(s.curve[s.curve.length - 1] as StressStep) : 'the last step'}`;
  const good = s.lastGood ? `last good ${step(s.lastGood)}` : 'no step held';
  return `breaking point at ${step(s.breaking)}: ${s.breaking.reasons.join(', ') || 'broke'}; ${good}${s.stoppedEarly ? '; stopped there' : ''}`;
}

export function soakVerdict(s: SoakReport): string {
  const d = s.drift;
  if (d.verdict === 'too short') return `drift: too short to judge (${d.points} complete intervals after the warm-up; needs 3)`;
  const parts = [
    d.latency && `latency ${signedPct(d.latency.relative)} (≤ ±${formatPct(d.latency.limit)})`,
    d.errorRate && `error rate ${signedPp(d.errorRate.change)} (≤ ±${formatPct(d.errorRate.limit)})`,
    d.memory ? `generator memory ${signedPct(d.memory.relative)} (≤ ±${formatPct(d.memory.limit)})` : 'generator memory not sampled',
  ].filter(Boolean);
  return `drift: ${d.verdict.toUpperCase()} over ${d.points} intervals: ${parts.join(', ')}`;
}

function soakTable(s: SoakReport, maxRows: number): string[] {
  const rows = s.intervals.map((m) => [
    String(m.index), formatRate(m.rps), formatMs(m.avg), formatMs(m.p95), formatPct(m.successRate), String(m.errors),
    m.rssMb === null ? '-' : `${m.rssMb} MB`, m.complete ? '' : '(partial)',
  ]);
  // A 24 h soak has 1440 rows: the console shows the ends, summary.md has them all.
  const shown = rows.length > maxRows ? [...rows.slice(0, maxRows / 2), ['…'], ...rows.slice(-maxRows / 2)] : rows;
  return table([s.intervalS === 60 ? 'minute' : `per ${formatDurationS(s.intervalS)}`, 'rps', 'avg', 'p95', 'success', 'errors', 'generator rss', ''], shown);
}

function spikeLines(s: SpikeReport): string[] {
  const pct = (v: number | null): string => (v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${v}%`);
  return [
    `spike vs baseline: avg ${pct(s.spikeIncreasePct.avg)}, p95 ${pct(s.spikeIncreasePct.p95)}; recovery vs baseline: avg ${pct(s.recoveryIncreasePct.avg)}, p95 ${pct(s.recoveryIncreasePct.p95)}`,
    `success: baseline ${formatPct(s.successRate.baseline)}, spike ${formatPct(s.successRate.spike)}, recovery ${formatPct(s.successRate.recovery)}`,
    s.timeToRecoverS === null
      ? `time to recover: not within the run (p95 ≤ ${formatMs(s.recoveredBelowMs)} and error-free never held long enough)`
      : `time to recover: ${formatDurationS(s.timeToRecoverS)} after the spike (p95 ≤ ${formatMs(s.recoveredBelowMs)}, error-free)`,
  ];
}

export function phaseCells(p: PhaseRow, unit: string): string[] {
  return [
    p.name, p.from === p.to ? `${p.to}${unit}` : `${p.from}→${p.to}${unit}`, String(p.requests), formatRate(p.rps), formatPct(p.successRate),
    formatRate(p.servedRps), formatMs(p.avg), formatMs(p.p95), formatMs(p.p99) + (p.complete ? '' : ' (partial)'),
  ];
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function signedPct(v: number | null): string {
  return v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${formatPct(v)}`;
}

function signedPp(change: number): string {
  return `${change >= 0 ? '+' : ''}${(change * 100).toFixed(2)} pp`;
}

export function describeTrend(t: TrendVerdict | null): string {
  return t === null ? 'n/a' : `${signedPct(t.relative)} (${t.ok ? 'within' : 'beyond'} ±${formatPct(t.limit)})`;
}

/** HPAs that have replica counts in any phase, in first-seen order. */
export function hpaNames(phases: readonly PhaseRow[]): string[] {
  const names = new Set<string>();
  for (const p of phases) for (const h of Object.keys(p.replicas ?? {})) names.add(h);
  return [...names];
}

/** `2→4 (end 4)`: the range of ready replicas during the phase and where it ended. */
export function replicaCell(p: PhaseRow, hpa: string): string {
  const r = p.replicas?.[hpa];
  if (r === undefined) return '-';
  return r.min === r.max ? String(r.atEnd) : `${r.min}–${r.max} (end ${r.atEnd})`;
}
