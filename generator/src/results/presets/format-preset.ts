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

/** The judged trends that rose beyond their limit: what makes a soak drifting. */
function trippedTrends(s: SoakReport): string[] {
  const d = s.drift;
  const judged: Array<[string, TrendVerdict | null]> = [['latency', d.latency], ['error rate', d.errorRate], ['generator memory', d.memory]];
  return judged.filter(([, t]) => t !== null && !t.ok).map(([name]) => name);
}

export function soakVerdict(s: SoakReport): string {
  const d = s.drift;
  if (d.verdict === 'too short') return `drift: too short to judge (${d.points} complete intervals after the warm-up; needs 3)`;
  // Drift is growth: the limits are on a rise; ✗ marks the trend that tripped.
  const mark = (t: TrendVerdict): string => (t.ok ? '' : ' ✗');
  const parts = [
    d.latency && `latency ${signedPct(d.latency.relative)} (≤ +${formatPct(d.latency.limit)})${mark(d.latency)}`,
    d.errorRate && `error rate ${signedPp(d.errorRate.change)} (≤ +${formatPp(d.errorRate.limit)})${mark(d.errorRate)}`,
    d.memory ? `generator memory ${signedPct(d.memory.relative)} (≤ +${formatPct(d.memory.limit)})${mark(d.memory)}` : 'generator memory not sampled',
  ].filter(Boolean);
  const tripped = trippedTrends(s);
  return `drift: ${d.verdict.toUpperCase()}${tripped.length > 0 ? ` (${tripped.join(', ')})` : ''} over ${d.points} intervals: ${parts.join(', ')}`;
}

/** With a `kubernetes:` section and metrics-server: the soak table's pod memory column. */
export function hasPodMemory(s: SoakReport): boolean {
  return s.intervals.some((m) => m.podMemoryMiB != null);
}

function soakTable(s: SoakReport, maxRows: number): string[] {
  const pods = hasPodMemory(s);
  const rows = s.intervals.map((m) => [
    String(m.index), formatRate(m.rps), formatMs(m.avg), formatMs(m.p95), formatPct(m.successRate), String(m.errors),
    ...(pods ? [m.podMemoryMiB == null ? '-' : `${m.podMemoryMiB} MiB`] : []),
    m.rssMb === null ? '-' : `${m.rssMb} MiB`, m.complete ? '' : '(partial)',
  ]);
  // A 24 h soak has 1440 rows: the console shows the ends, summary.md has them all.
  const shown = rows.length > maxRows ? [...rows.slice(0, maxRows / 2), ['…'], ...rows.slice(-maxRows / 2)] : rows;
  return table([s.intervalS === 60 ? 'minute' : `per ${formatDurationS(s.intervalS)}`, 'rps', 'avg', 'p95', 'success', 'errors',
    ...(pods ? ['largest pod'] : []), 'generator rss', ''], shown);
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

/** An absolute limit on a fraction, in percentage points: 0.01 → `1 pp`. */
function formatPp(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))} pp`;
}

/** A judged trend's change against its limit (a rise beyond it is drift); `judged: false` for p95, reported only. */
export function describeTrend(t: TrendVerdict | null, judged = true): string {
  if (t === null) return 'n/a';
  if (!judged) return `${signedPct(t.relative)} (not judged)`;
  return `${signedPct(t.relative)} (${t.ok ? 'within' : 'beyond'} +${formatPct(t.limit)}${t.ok ? '' : ' ✗'})`;
}

/** The error-rate trend in percentage points against its limit. */
export function describeErrorTrend(t: TrendVerdict | null): string {
  if (t === null) return 'n/a';
  return `${signedPp(t.change)} (${t.ok ? 'within' : 'beyond'} +${formatPp(t.limit)}${t.ok ? '' : ' ✗'})`;
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
