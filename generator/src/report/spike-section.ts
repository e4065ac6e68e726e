import { formatDurationS, formatMs, formatPct, formatRate, type PresetReport, type SpikeReport } from '../results';
import { esc } from './html-escape';

function pct(v: number | null): string {
  return v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${v}%`;
}

/** Time to recover in one sentence (and how the spike moved p95). */
export function spikeHeadline(s: SpikeReport): string {
  const recovered = s.timeToRecoverS === null
    ? `Not recovered within the run (p95 ≤ ${formatMs(s.recoveredBelowMs)} and error-free never held for the recovery window).`
    : `Recovered ${formatDurationS(s.timeToRecoverS)} after the burst (every second's p95 ≤ ${formatMs(s.recoveredBelowMs)}, error-free, for the recovery window).`;
  return `${recovered} During the burst: p95 ${pct(s.spikeIncreasePct.p95)} vs the baseline, success ${formatPct(s.successRate.spike)}.`;
}

/** Spike: the three phases side by side (charts in #spike-charts) and their table. */
export function spikeSection(p: PresetReport): string {
  const s = p.spike;
  if (s === undefined) return '';
  const unit = p.unit === 'rate' ? '/s' : ' VUs';
  const hpas = [...new Set(p.phases.flatMap((r) => Object.keys(r.replicas ?? {})))];
  const rows = p.phases.map((r) => {
    const served = typeof r.servedRps === 'number' ? formatRate(r.servedRps) : '–';
    const ready = hpas.map((h) => {
      const x = r.replicas?.[h];
      return `<td class="num">${x === undefined ? '–' : esc(x.min === x.max ? String(x.atEnd) : `${x.min}–${x.max} (end ${x.atEnd})`)}</td>`;
    }).join('');
    const cells = [r.from === r.to ? `${r.to}${unit}` : `${r.from}→${r.to}${unit}`, `+${r.startS}s`, formatDurationS(r.durationS), String(r.requests), formatRate(r.rps), served,
      formatPct(r.successRate), String(r.failed), formatMs(r.avg), formatMs(r.p95), formatMs(r.p99)];
    return `<tr><td>${esc(r.name)}${r.complete ? '' : ' <span class="muted">(partial)</span>'}</td>${cells.map((v) => `<td class="num">${esc(v)}</td>`).join('')}${ready}</tr>`;
  }).join('');
  return `<section id="spike"><h2>Spike: baseline, burst, recovery</h2>
<p class="verdict-line">${esc(spikeHeadline(s))}</p>
<p class="muted">Latency vs the baseline: burst avg ${esc(pct(s.spikeIncreasePct.avg))}, p95 ${esc(pct(s.spikeIncreasePct.p95))}; recovery avg ${esc(pct(s.recoveryIncreasePct.avg))}, p95 ${esc(pct(s.recoveryIncreasePct.p95))}. The burst's end and the recovery are marked on the Timeline's latency chart.</p>
<div id="spike-charts" class="charts three"></div>
<div class="scroll"><table class="spike-phases">
<thead><tr><th>phase</th><th class="num">target</th><th class="num">start</th><th class="num">duration</th><th class="num">requests</th><th class="num">sent</th><th class="num">served</th><th class="num">success</th><th class="num">failed</th><th class="num">avg</th><th class="num">p95</th><th class="num">p99</th>${hpas.map((h) => `<th class="num">${esc(h)} ready pods</th>`).join('')}</tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}
