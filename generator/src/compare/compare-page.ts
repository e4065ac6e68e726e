import * as path from 'node:path';
import { formatDurationS, formatLag, formatMs, formatPct, formatRate, type TimeseriesRow } from '../results';
import { chartPage, esc, REPORT_CSS } from '../report';
import { compareChartData, runColour } from './compare-chart-data';
import { checkLine, deltaTone, formatDelta, formatMetric } from './compare-format';
import { COMPARE_CSS } from './compare-styles';
import type { CompareMetric, ComparedRun, Comparison, Deltas, Figures } from './types';

const COLUMNS: CompareMetric[] = ['rps', 'success', 'p50', 'p95', 'p99'];

/** Our chart script, inlined after report.html's chart kit (chart-kit.js). */
const COMPARE_CHARTS = path.join(__dirname, 'browser', 'compare-charts.js');

/**
 * compare.html: one self-contained file in report.html's look (its CSS, uPlot inline, a CSP that
 * forbids any fetch). `rows[i]` is run i's timeseries.csv. Every string from a run is escaped.
 */
export function comparePage(c: Comparison, rows: ReadonlyArray<readonly TimeseriesRow[]>, opts: { generator?: string } = {}): string {
  const verdict = c.rules.length === 0 ? ['none', 'NO RULES'] : c.failed ? ['fail', 'FAILED'] : ['pass', 'PASSED'];
  return chartPage({
    title: `ScaleTrace comparison · ${c.runs.length} runs · ${verdict[1]}`,
    css: REPORT_CSS + COMPARE_CSS,
    data: compareChartData(c, rows),
    scripts: [COMPARE_CHARTS],
    body: `<header class="run-header">
  <div class="title-row">
    <h1>Comparison of ${c.runs.length} runs <span class="status ${verdict[0]}">${verdict[1]}</span></h1>
    <button type="button" id="theme-toggle" class="theme-toggle" title="Switch between automatic, light and dark theme">theme: auto</button>
  </div>
  <p class="meta">baseline <code>${esc(c.baseline)}</code> · deltas are against it (red: worse, green: better) · generated ${esc(c.generatedAt)}</p>
  ${rulesSection(c)}
</header>
<main>
${runsSection(c)}
<section id="timeline"><h2>Charts</h2>
<p class="muted">Each run from its own start (minutes:seconds); one cursor for the time charts. The baseline is the grey dashed line.</p>
<div id="charts" class="charts"></div>
<noscript><p class="warn">The charts need JavaScript; the tables do not.</p></noscript>
</section>
${requestsSection(c)}
${scalingSection(c)}
${stressSection(c)}
${spikeSection(c)}
${soakSection(c)}
${inferenceSection(c)}
</main>
<footer>Generated ${esc(c.generatedAt)} by ${esc(opts.generator ?? 'scaletrace compare')} from ${c.runs.map((r) => `<code>${esc(r.dir)}</code>`).join(', ')} · the same figures are in compare.json and compare.md · charts: uPlot</footer>`,
  });
}

function rulesSection(c: Comparison): string {
  if (c.rules.length === 0) return '<section class="verdict" aria-label="Rules"><h2>Rules</h2><p class="muted">No <code>--fail-on</code> rule given.</p></section>';
  const items = c.rules.map((r) => {
    const checks = r.checks.map((ch) => `<li class="${ch.tripped ? 'fail' : ''}">${esc(checkLine(r, ch))}</li>`).join('');
    return `<li class="${r.tripped ? 'fail' : 'pass'}"><span class="mark" aria-label="${r.tripped ? 'tripped' : 'held'}">${r.tripped ? '✗' : '✓'}</span> <code>${esc(r.rule)}</code><ul class="checks">${checks}</ul></li>`;
  }).join('');
  return `<section class="verdict" aria-label="Rules"><h2>Rules</h2><ul class="thresholds rules">${items}</ul></section>`;
}

function runsSection(c: Comparison): string {
  const rows = c.runs.map((r, i) => {
    const unit = r.model === 'open' ? '/s' : ' VUs';
    return `<tr class="run${r.baseline ? ' baseline' : ''}" data-run="${esc(r.label)}"><td>${runName(c, r, i)}</td><td>${esc(r.scenario)}</td><td>${esc(r.status)}</td>` +
      `<td title="${esc(r.startedAt)}">${esc(r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</td><td class="num">${esc(formatDurationS(r.durationS))}</td>` +
      `<td class="num">${esc(`${r.peakTarget}${unit}`)}</td><td class="num">${r.totals.requests}</td>` +
      `${metricsOf(c).map((m) => figureCell(m, r.totals, r.deltas?.totals)).join('')}</tr>`;
  }).join('');
  return `<section id="runs"><h2>Runs</h2><div class="scroll"><table class="runs">
<thead><tr><th>run</th><th>scenario</th><th>status</th><th>started</th><th class="num">duration</th><th class="num">peak target</th><th class="num">requests</th>${metricsOf(c).map((m) => `<th class="num">${columnTitle(m)}</th>`).join('')}</tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

function requestsSection(c: Comparison): string {
  const rows = c.requestNames.flatMap((name) => c.runs.map((r, i) => {
    const f = r.requests[name];
    const first = i === 0 ? `<th scope="rowgroup" rowspan="${c.runs.length}"><code>${esc(name)}</code></th>` : '';
    const cells = f === undefined ? `<td class="muted" colspan="${COLUMNS.length + 1}">not in this run</td>` : `<td class="num">${f.requests}</td>${COLUMNS.map((m) => figureCell(m, f, r.deltas?.requests[name])).join('')}`;
    return `<tr class="${r.baseline ? 'baseline' : ''}">${first}<td>${runName(c, r, i)}</td>${cells}</tr>`;
  })).join('');
  return `<section id="requests"><h2>Per request name</h2><div class="scroll"><table>
<thead><tr><th>request</th><th>run</th><th class="num">requests</th>${COLUMNS.map((m) => `<th class="num">${columnTitle(m)}</th>`).join('')}</tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

function scalingSection(c: Comparison): string {
  const rows = c.runs.flatMap((r, i) => r.hpas.map((h) => {
    const w = h.worst;
    return `<tr><td>${runName(c, r, i)}</td><td><code>${esc(h.name)}</code></td><td class="num">${h.scaleUps}</td><td class="num">${h.scaleDowns}</td><td class="num">${h.maxReplicasReached}</td>` +
      `${[w.detection, w.actuation, w.total, w.recovery].map((v) => `<td class="num">${esc(formatLag(v))}</td>`).join('')}</tr>`;
  }));
  if (rows.length === 0) return '';
  return `<section id="scaling"><h2>Scaling lags</h2><p class="muted">Per HPA, its worst scale-up (an episode open at the end counts with the time it had taken).</p><div class="scroll"><table>
<thead><tr><th>run</th><th>hpa</th><th class="num">scale-ups</th><th class="num">scale-downs</th><th class="num">max replicas</th><th class="num">detection</th><th class="num">actuation</th><th class="num">total</th><th class="num">recovery</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div></section>`;
}

function stressSection(c: Comparison): string {
  const runs = c.runs.map((r, i) => [r, i] as const).filter(([r]) => r.preset?.stress !== undefined);
  if (runs.length === 0) return '';
  const rows = runs.map(([r, i]) => {
    const s = r.preset?.stress;
    const unit = r.model === 'open' ? '/s' : ' VUs';
    const target = (t: number | null | undefined): string => (t === null || t === undefined ? 'none' : `${t}${unit}`);
    return `<tr><td>${runName(c, r, i)}</td><td class="num">${esc(target(s?.breakingTarget))}</td><td class="num">${esc(target(s?.lastGoodTarget))}</td><td>${esc(s?.reasons.join('; ') ?? '')}</td><td>${esc(s?.curve.map((p) => `${target(p.target)}: ${formatMs(p.p95)}`).join(' · ') ?? '')}</td></tr>`;
  }).join('');
  return `<section id="stress"><h2>Stress: breaking points</h2><div class="scroll"><table>
<thead><tr><th>run</th><th class="num">breaking step target</th><th class="num">last good target</th><th>why it broke</th><th>p95 per step target</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

function spikeSection(c: Comparison): string {
  const runs = c.runs.map((r, i) => [r, i] as const).filter(([r]) => r.preset?.spike !== undefined);
  if (runs.length === 0) return '';
  const phases = [...new Set(runs.flatMap(([r]) => r.preset?.spike?.phases.map((p) => p.name) ?? []))];
  const rows = phases.map((name) => `<tr><th scope="row">${esc(name)}</th>${runs.map(([r]) => {
    const p = r.preset?.spike?.phases.find((q) => q.name === name);
    return p === undefined ? '<td class="num">–</td>' : `<td class="num">${esc(phaseCell(p))}</td>`;
  }).join('')}</tr>`).join('');
  const increase = runs.map(([r]) => { const v = r.preset?.spike?.spikeIncreasePct ?? null; return `<td class="num">${v === null ? '–' : esc(`${v > 0 ? '+' : ''}${v}%`)}</td>`; }).join('');
  const recover = runs.map(([r]) => { const v = r.preset?.spike?.timeToRecoverS; return `<td class="num">${v === null ? 'not within the run' : esc(formatLag(v))}</td>`; }).join('');
  return `<section id="spike"><h2>Spike phases side by side</h2><p class="muted">p95 · success · served rate (successful responses per second) of sent per phase.</p><div class="scroll"><table class="side">
<thead><tr><th>phase</th>${runs.map(([r, i]) => `<th class="num">${runName(c, r, i)}</th>`).join('')}</tr></thead>
<tbody>${rows}<tr><th scope="row">p95 increase in the spike</th>${increase}</tr><tr><th scope="row">time to recover</th>${recover}</tr></tbody></table></div></section>`;
}

function soakSection(c: Comparison): string {
  const runs = c.runs.map((r, i) => [r, i] as const).filter(([r]) => r.preset?.soak !== undefined);
  if (runs.length === 0) return '';
  const rows = runs.map(([r, i]) => {
    const s = r.preset?.soak;
    if (s === undefined) return '';
    const judged = (name: string, text: string): string => `<td class="num${s.exceeded.includes(name) ? ' bad' : ''}">${esc(text)}${s.exceeded.includes(name) ? ' ✗' : ''}</td>`;
    return `<tr><td>${runName(c, r, i)}</td><td>${esc(soakVerdict(s))}</td><td class="num">${esc(`${s.fittedIntervals} of ${s.intervals}`)}</td>` +
      `${judged('avg latency', signedPct(s.latencyChangePct))}${judged('error rate', s.errorRateChange === null ? '–' : `${s.errorRateChange > 0 ? '+' : ''}${(s.errorRateChange * 100).toFixed(2)}pp`)}` +
      `${judged('generator memory', signedPct(s.memoryChangePct))}<td class="num muted">${esc(signedPct(s.p95ChangePct))}</td></tr>`;
  }).join('');
  return `<section id="soak"><h2>Soak drift</h2><p class="muted">Fitted change over each run (a least-squares line through the intervals after its warm-up); ✗: beyond the run's limit, what makes it drifting. The p95 trend is reported, not judged.</p><table class="narrow">
<thead><tr><th>run</th><th>verdict</th><th class="num">intervals fitted</th><th class="num">avg latency</th><th class="num">error rate</th><th class="num">generator memory</th><th class="num">p95</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

function inferenceSection(c: Comparison): string {
  const runs = c.runs.map((r, i) => [r, i] as const).filter(([r]) => r.inference !== undefined);
  if (runs.length === 0) return '';
  const names = [...new Set(runs.flatMap(([r]) => Object.keys(r.inference ?? {})))];
  const rows = names.flatMap((name) => runs.map(([r, i], k) => {
    const f = r.inference?.[name];
    const first = k === 0 ? `<th scope="rowgroup" rowspan="${runs.length}"><code>${esc(name)}</code></th>` : '';
    const cells = f === undefined ? '<td class="muted" colspan="6">not in this run</td>'
      : [String(f.responses), f.tokensPerS === null ? '–' : String(f.tokensPerS), f.tokensPerResponse === null ? '–' : String(f.tokensPerResponse),
        f.firstTokenP95 === null ? '–' : formatMs(f.firstTokenP95), String(f.streamed), f.timePerOutputTokenP95 === null ? '–' : formatMs(f.timePerOutputTokenP95)].map((v) => `<td class="num">${esc(v)}</td>`).join('');
    return `<tr>${first}<td>${runName(c, r, i)}</td>${cells}</tr>`;
  })).join('');
  const without = c.runs.filter((r) => r.inference === undefined).map((r) => `<code>${esc(r.label)}</code>`);
  return `<section id="inference"><h2>Inference</h2><p class="muted">Requests with <code>extract:</code>, successful responses only. Time to first token: to the first body chunk; time per output token: streamed answers only.${without.length === 0 ? '' : ` Not in ${without.join(', ')} (no <code>extract:</code>).`}</p><div class="scroll"><table>
<thead><tr><th>request</th><th>run</th><th class="num">responses</th><th class="num">tokens/s</th><th class="num">tokens/response</th><th class="num">time to first token p95</th><th class="num">streamed</th><th class="num">time per output token p95</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

/** `drifting (generator memory)`: the verdict with the trends that made it. */
function soakVerdict(s: NonNullable<NonNullable<ComparedRun['preset']>['soak']>): string {
  return s.exceeded.length === 0 ? s.verdict : `${s.verdict} (${s.exceeded.join(', ')})`;
}

function signedPct(v: number | null): string {
  return v === null ? '–' : `${v > 0 ? '+' : ''}${v}%`;
}

/** `301.6ms · 54.67% · 32.4/s of 60/s`; results without a served rate show what was sent. */
function phaseCell(p: NonNullable<NonNullable<ComparedRun['preset']>['spike']>['phases'][number]): string {
  return `${formatMs(p.p95)} · ${formatPct(p.successRate)} · ${p.served === null ? `${formatRate(p.rps)} sent` : `${formatRate(p.served)} of ${formatRate(p.rps)}`}`;
}

/** Column titles: `rps` is the served rate (the rule's name, and what it measures). */
function columnTitle(m: CompareMetric): string {
  return m === 'lag' ? 'worst scale-up lag' : m === 'rps' ? 'rps (served)' : m;
}

/** The runs table's figures: the scaling lag only when some run watched an HPA. */
function metricsOf(c: Comparison): CompareMetric[] {
  return c.runs.some((r) => r.hpas.length > 0) ? [...COLUMNS, 'lag'] : COLUMNS;
}

/** The run's colour swatch (as in the charts) and label. */
function runName(c: Comparison, r: ComparedRun, i: number): string {
  return `<span class="swatch" style="background:var(${runColour(c, i)})"></span><code>${esc(r.label)}</code>${r.baseline ? '<span class="tag">baseline</span>' : ''}`;
}

function figureCell(m: CompareMetric, f: Figures, d: Deltas | undefined): string {
  const delta = formatDelta(m, d?.[m]);
  const tone = deltaTone(m, d?.[m]);
  return `<td class="num">${esc(formatMetric(m, f[m]))}${delta === '' ? '' : `<span class="delta ${tone}">${esc(delta)}</span>`}</td>`;
}
