import { formatMs, formatPct, formatRate, type BreakdownStats, type Summary } from '../results';
import { esc } from './html-escape';

const LATENCY_HEAD = '<th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th>';

function latencyCells(b: BreakdownStats): string {
  const l = b.latency;
  return [l.p50, l.p90, l.p95, l.p99, l.max].map((v) => `<td class="num">${esc(formatMs(v))}</td>`).join('');
}

export function requestsTable(s: Summary): string {
  const rows = Object.entries(s.requests).map(([name, b]) =>
    `<tr><td><code>${esc(name)}</code></td><td class="num">${b.requests}</td><td class="num">${b.failed}</td><td class="num">${esc(formatPct(b.errorRate))}</td><td class="num">${esc(formatRate(b.rps))}</td>${latencyCells(b)}</tr>`);
  return `<section><h2>Per request name</h2><div class="scroll"><table>
<thead><tr><th>request</th><th>requests</th><th>failed</th><th>error %</th><th>rps</th>${LATENCY_HEAD}</tr></thead>
<tbody>${rows.join('')}</tbody></table></div></section>`;
}

/** Per stage; dropped arrivals only for the open model (closed, a VU waits instead: always 0, as the console says). */
export function stagesTable(s: Summary): string {
  const start = Date.parse(s.run.startedAt);
  const open = s.run.model === 'open';
  const unit = open ? '/s' : ' VUs';
  // A 0-s stage is a jump: it moves the target and sends nothing, so it is no row of its own.
  const lasting = s.stages.filter((st) => st.durationS > 0 || st.requests > 0);
  const jumps = s.stages.length - lasting.length;
  const rows = lasting.map((st) =>
    `<tr><td>${st.index}</td><td class="num">${esc(`${st.target}${unit}`)}</td><td class="num">+${((Date.parse(st.startedAt) - start) / 1000).toFixed(1)} s</td><td class="num">${st.durationS.toFixed(1)} s</td><td class="num">${st.requests}</td><td class="num">${esc(formatRate(st.rps))}</td><td class="num">${st.failed}</td>${open ? `<td class="num">${st.dropped}</td>` : ''}${latencyCells(st)}</tr>`);
  const note = jumps === 0 ? '' : `<p class="muted">${jumps} jump stage${jumps === 1 ? '' : 's'} (0 s: the target changes at once) not listed; the next stage starts at the new target.</p>`;
  return `<section><h2>Per stage</h2>${note}<div class="scroll"><table>
<thead><tr><th>#</th><th>target</th><th>start</th><th>duration</th><th>requests</th><th>rps</th><th>failed</th>${open ? '<th>dropped</th>' : ''}${LATENCY_HEAD}</tr></thead>
<tbody>${rows.join('')}</tbody></table></div></section>`;
}

export function errorTypesTable(s: Summary): string {
  const entries = Object.entries(s.errors);
  if (entries.length === 0) return '<section id="errors"><h2>Error types</h2><p class="muted">No failed request.</p></section>';
  const rows = entries.map(([type, n]) =>
    `<tr><td><code>${esc(type)}</code></td><td class="num">${n}</td><td class="num">${esc(formatPct(s.totals.failed === 0 ? 0 : n / s.totals.failed))}</td><td class="num">${esc(formatPct(s.totals.requests === 0 ? 0 : n / s.totals.requests))}</td></tr>`);
  return `<section id="errors"><h2>Error types</h2><table class="narrow">
<thead><tr><th>error.type</th><th>count</th><th>of failed</th><th>of requests</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></section>`;
}

export function telemetryTable(s: Summary): string {
  const t = s.telemetry;
  const where = t.metricsExported
    ? `Spans, metrics and logs were exported over OTLP to <code>${esc(t.endpoint ?? '')}</code> (${esc(t.protocol ?? '')}).`
    : 'Spans, metrics and logs were not exported: no OTLP endpoint was configured (set <code>OTEL_EXPORTER_OTLP_ENDPOINT</code>).';
  const sp = t.spans;
  return `<section><h2>Telemetry accounting</h2><p>${where}</p><table class="narrow">
<thead><tr><th>request spans</th><th>created</th><th>exported</th><th>spilled</th><th>dropped</th></tr></thead>
<tbody><tr><td></td><td class="num">${sp.created}</td><td class="num">${sp.exported}</td><td class="num">${sp.spilled}</td><td class="num${sp.dropped > 0 ? ' bad' : ''}">${sp.dropped}</td></tr></tbody></table>
${sp.spilled > 0 ? `<p>Spilled spans are in <code>spill/</code>; resend them with <code>scaletrace replay RESULTS_DIR</code>.</p>` : ''}</section>`;
}

/** The tables after the charts: per request name, per stage, error types, telemetry accounting. */
export function breakdownTables(s: Summary): string {
  return [requestsTable(s), stagesTable(s), errorTypesTable(s), telemetryTable(s)].join('\n');
}
