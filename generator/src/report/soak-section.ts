import { formatMs, formatPct, formatRate, type PresetReport, type SoakReport, type TrendVerdict } from '../results';
import { esc } from './html-escape';

function signed(v: number, digits: number): string {
  return `${v >= 0 ? '+' : ''}${Number(v.toFixed(digits))}`;
}

function trendText(what: string, t: TrendVerdict | null, unit: string, per: string, pp = false): string {
  if (t === null) return `${what}: not measured`;
  const change = pp ? `${signed(t.change * 100, 2)} pp` : t.relative === null ? `${signed(t.change, 3)} ${unit}` : `${signed(t.relative * 100, 2)}%`;
  const slope = pp ? `${signed(t.slopePerInterval * 100, 3)} pp/${per}` : `${signed(t.slopePerInterval, 3)} ${unit}/${per}`;
  // Drift is growth: the limit is on a rise; a fall keeps its sign and passes.
  const limit = pp ? `+${Number((t.limit * 100).toFixed(2))} pp` : `+${formatPct(t.limit)}`;
  return `${what} ${change} (slope ${slope}; limit ${limit}) ${t.ok ? '✓' : '✗'}`;
}

/** The drift verdict with each trend's change and slope. */
export function soakHeadline(s: SoakReport): string {
  const d = s.drift;
  const per = s.intervalS === 60 ? 'min' : 'interval';
  if (d.verdict === 'too short') return `Drift: too short to judge (${d.points} complete intervals after the warm-up; needs 3).`;
  // Results written before `fitted` existed have none.
  const range = d.fitted ? ` (intervals ${d.fitted.first}–${d.fitted.last})` : '';
  const judged: Array<[string, TrendVerdict | null]> = [['avg latency', d.latency], ['error rate', d.errorRate], ['generator memory', d.memory]];
  const tripped = judged.filter(([, t]) => t !== null && !t.ok).map(([what]) => what);
  return `Drift: ${d.verdict.toUpperCase()}${tripped.length > 0 ? ` (${tripped.join(', ')})` : ''} over ${d.points} intervals${range}: ` + [
    trendText('avg latency', d.latency, 'ms', per),
    trendText('error rate', d.errorRate, '', per, true),
    trendText('generator memory', d.memory, 'MiB', per),
  ].join(' · ') + '.';
}

/** Soak: the per-interval chart (#soak-charts) and table; pod memory when pod-metrics.csv has it. */
export function soakSection(p: PresetReport, podMemoryMiB: readonly (number | null)[] = []): string {
  const s = p.soak;
  if (s === undefined) return '';
  const per = s.intervalS === 60 ? 'minute' : `interval (${s.intervalS} s)`;
  const plural = s.intervalS === 60 ? 'minutes' : `intervals of ${s.intervalS} s`;
  const pods = podMemoryMiB.some((v) => v !== null);
  const rows = s.intervals.map((m, i) => {
    const cells = [formatRate(m.rps), formatMs(m.avg), formatMs(m.p95), formatPct(m.successRate), String(m.errors),
      ...(pods ? [podMemoryMiB[i] == null ? '–' : `${podMemoryMiB[i]} MiB`] : []), m.rssMb === null ? '–' : `${m.rssMb} MiB`];
    return `<tr><td class="num">${m.index}${m.complete ? '' : ' <span class="muted">(partial)</span>'}</td>${cells.map((v) => `<td class="num">${esc(v)}</td>`).join('')}</tr>`;
  }).join('');
  return `<section id="soak"><h2>Soak: drift over time</h2>
<p class="verdict-line">${esc(soakHeadline(s))}</p>
<p class="muted">A least-squares line over the complete ${esc(plural)} after the warm-up; "drifting" when a judged trend rises beyond its limit over the run (a fall is no drift). The p95 trend is reported, not judged: ${esc(s.drift.p95 === null ? 'n/a' : `${signed((s.drift.p95.relative ?? 0) * 100, 2)}%`)}.</p>
<div id="soak-charts" class="charts"></div>
<div class="scroll soak-scroll"><table class="soak-intervals">
<thead><tr><th class="num">${esc(per)}</th><th class="num">rps</th><th class="num">avg</th><th class="num">p95</th><th class="num">success</th><th class="num">errors</th>${pods ? '<th class="num">pod memory (largest pod)</th>' : ''}<th class="num">generator RSS</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}
