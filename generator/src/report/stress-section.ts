import { formatMs, formatPct, formatRate, type PhaseRow, type PresetReport, type StressReport, type StressStep } from '../results';
import { esc } from './html-escape';

/** What the target served; null for results written before served rates were recorded. */
export function servedOf(s: { servedRps?: number }): number | null {
  return typeof s.servedRps === 'number' ? s.servedRps : null;
}

function stepName(s: StressStep, unit: string): string {
  const served = servedOf(s);
  return `step ${s.step} (${s.target}${unit} offered${served === null ? '' : `, ${formatRate(served)} served`})`;
}

/** The stress verdict in one sentence, with the rule that tripped and what the target served. */
export function stressHeadline(s: StressReport, unit: string): string {
  const ran = s.curve.filter((c) => c.requests > 0);
  const peak = ran.reduce<StressStep | undefined>((best, c) => (best === undefined || (servedOf(c) ?? 0) > (servedOf(best) ?? 0) ? c : best), undefined);
  const peakServed = peak === undefined ? null : servedOf(peak);
  const most = peak === undefined || peakServed === null ? '' : ` The most it served: ${formatRate(peakServed)} (step ${peak.step}).`;
  if (s.breaking === null) {
    const last = s.curve[s.curve.length - 1];
    return `No breaking point: every step held up to ${last === undefined ? 'the last step' : stepName(last, unit)}.${most}`;
  }
  const rule = s.breaking.reasons.length > 0 ? s.breaking.reasons.join(', ') : 'broke';
  const good = s.lastGood === null ? 'No step held.' : `Last good: ${stepName(s.lastGood, unit)}.`;
  return `Breaking point at ${stepName(s.breaking, unit)}: ${rule}. ${good}${most}${s.stoppedEarly ? ' The run stopped there.' : ''}`;
}

function readyCell(row: PhaseRow | undefined, hpa: string): string {
  const r = row?.replicas?.[hpa];
  if (r === undefined) return '–';
  return r.min === r.max ? String(r.atEnd) : `${r.min}–${r.max} (end ${r.atEnd})`;
}

/** Stress: the curve (drawn by the page script into #stress-charts) and one row per step. */
export function stressSection(p: PresetReport): string {
  const s = p.stress;
  if (s === undefined) return '';
  const unit = p.unit === 'rate' ? '/s' : ' VUs';
  const hpas = [...new Set(p.phases.flatMap((r) => Object.keys(r.replicas ?? {})))];
  const c = s.criteria;
  const criteria = [`success < ${formatPct(c.successBelow)}`, ...(c.avgAboveMs !== undefined ? [`avg > ${formatMs(c.avgAboveMs)}`] : []), ...(c.p95AboveMs !== undefined ? [`p95 > ${formatMs(c.p95AboveMs)}`] : [])];
  const rows = s.curve.map((st, i) => {
    const cls = st.verdict === 'breaking' ? 'breaking' : st.step === s.lastGood?.step ? 'last-good' : st.requests === 0 ? 'not-run' : '';
    const ready = hpas.map((h) => `<td class="num">${esc(readyCell(p.phases[i], h))}</td>`).join('');
    const stats = st.requests === 0
      ? '<td class="num">–</td>'.repeat(7)
      : [formatRate(st.rps), servedOf(st) === null ? '–' : formatRate(servedOf(st) as number), formatPct(st.successRate), formatMs(typeof st.p50 === 'number' ? st.p50 : st.avg), formatMs(st.p95), formatMs(st.p99), formatMs(st.avg)]
        .map((v, k) => `<td class="num${k === 1 ? ' strong' : ''}">${esc(v)}</td>`).join('');
    const verdict = `${st.verdict}${st.reasons.length > 0 ? `: ${st.reasons.join(', ')}` : ''}`;
    return `<tr class="${cls}" data-step="${st.step}"><td class="num">${st.step}</td><td class="num">${esc(`${st.target}${unit}`)}</td>${stats}${ready}<td>${esc(verdict)}</td></tr>`;
  }).join('');
  return `<section id="stress"><h2>Stress: breaking point</h2>
<p class="verdict-line">${esc(stressHeadline(s, unit))}</p>
<p class="muted">A step breaks when ${esc(criteria.join(' or '))}. <strong>Served</strong> is what the target answered successfully per second during the step; <strong>sent</strong> is what the generator offered.</p>
<div id="stress-charts" class="charts"></div>
<div class="scroll"><table class="stress-steps">
<thead><tr><th class="num">step</th><th class="num">target</th><th class="num">sent</th><th class="num">served</th><th class="num">success</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">avg</th>${hpas.map((h) => `<th class="num">${esc(h)} ready pods</th>`).join('')}<th>verdict</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}
