import { byCount, formatMs, formatPct, formatRate, requestGroups, type BreakdownStats, type FlowGroup, type LatencyStats, type Summary } from '../results';
import { esc } from './html-escape';

const HEAD = '<thead><tr><th></th><th class="num">count</th><th class="num">failed</th><th class="num">success</th><th class="num">rate</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th>' +
  '<th class="num" title="failed iterations whose first failure was this step">first failure here</th><th>error.type</th></tr></thead>';

function latencyCells(l: LatencyStats): string {
  return [l.p50, l.p95, l.p99].map((v) => `<td class="num">${esc(formatMs(v))}</td>`).join('');
}

/** `<code>expectation_failed</code> 4, <code>timeout</code> 2`, most first. */
function counts(c: Record<string, number>): string {
  return byCount(c).map(([k, n]) => `<code>${esc(k)}</code> ${n}`).join(', ');
}

function stepRow(g: FlowGroup, [name, b]: [string, BreakdownStats]): string {
  const first = g.stats.failedAt[name] ?? 0;
  return `<tr class="flow-step"><td><code>${esc(name)}</code></td><td class="num">${b.requests}</td><td class="num${b.failed > 0 ? ' bad' : ''}">${b.failed}</td>` +
    `<td class="num">${esc(formatPct(b.requests === 0 ? 1 : 1 - b.errorRate))}</td><td class="num">${esc(formatRate(b.rps))}</td>${latencyCells(b.latency)}` +
    `<td class="num">${first}</td><td>${counts(b.errors)}</td></tr>`;
}

function flowTable(g: FlowGroup): string {
  const f = g.stats;
  const total = `<tr class="flow-total"><td>iterations</td><td class="num">${f.iterations}</td><td class="num${f.failed > 0 ? ' bad' : ''}">${f.failed}</td>` +
    `<td class="num">${esc(formatPct(f.successRate))}</td><td class="num">${esc(formatRate(f.rate))}</td>${latencyCells(f.duration)}` +
    `<td class="num">${f.failed}</td><td>${counts(f.errors)}</td></tr>`;
  return `<h3>Flow <code>${esc(g.name)}</code></h3>
<p>${f.iterations} iterations, ${f.failed} failed, ${f.incomplete} incomplete; ${f.stepsSent} steps sent, ${f.stepsFailed} failed.</p>
<div class="scroll"><table class="flow-table">${HEAD}<tbody>${total}${g.steps.map((step) => stepRow(g, step)).join('')}</tbody></table></div>`;
}

/**
 * summary.json `flows`: per flow, its iterations (duration = the whole iteration, think time
 * included), then each step's requests (`FLOW.STEP` in `requests`) and how many iterations first failed there.
 */
export function flowsSection(s: Summary): string {
  const { flows } = requestGroups(s);
  if (flows.length === 0) return '';
  return `<section id="flows"><h2>Flows</h2>
<p class="muted">An iteration runs the flow's steps one after another. Its duration (p50/p95/p99 on the <em>iterations</em> row) runs from its intended start to its last step's end, think time included; a step's is its request's. An iteration fails at its first failed step (error.type: that failure's); an incomplete one skipped steps after a failed capture or was cut by the run's stop.</p>
${flows.map(flowTable).join('\n')}</section>`;
}
