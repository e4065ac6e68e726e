import { formatMs, type FailureLine, type Summary } from '../results';
import { traceExploreUrl, type GrafanaLinkOptions } from './grafana-link';
import { esc } from './html-escape';

/**
 * The failed requests kept in failures.jsonl: one row each (time, request, status, error.type,
 * duration, serving pod, trace id, reason: the failed check, else the message) and, on demand, the
 * exported span's attributes and timings, the flow and the start of the response body.
 */
export function failuresSection(s: Summary, failures: readonly FailureLine[], grafana?: GrafanaLinkOptions): string {
  const info = s.failures;
  if (s.totals.failed === 0) return '<section id="failures"><h2>Failed requests</h2><p class="muted">No failed request.</p></section>';
  const range = { fromMs: Date.parse(s.run.startedAt) - 60_000, toMs: Date.parse(s.run.endedAt) + 60_000 };
  const types = [...new Set(failures.map((f) => f.errorType))];
  const rows = failures.map((f, i) => {
    const trace = grafana === undefined
      ? `<code class="trace-id">${esc(f.traceId)}</code>`
      : `<a class="trace-id" href="${esc(traceExploreUrl(grafana, f.traceId, range))}" target="_blank" rel="noopener noreferrer">${esc(f.traceId)}</a>`;
    return `<tr class="failure" data-error-type="${esc(f.errorType)}" data-trace-id="${esc(f.traceId)}"${f.flow === undefined ? '' : ` data-flow="${esc(f.flow)}"`}>
<td><button type="button" class="expand" aria-expanded="false" aria-controls="span-${i}" title="span details">▸</button></td>
<td class="num" title="sent ${esc(f.time)} (+${f.elapsedS.toFixed(2)} s)">+${failedAtS(f).toFixed(2)} s</td><td><code>${esc(f.request)}</code></td><td class="num">${f.status === 0 ? '–' : f.status}</td>
<td><code>${esc(f.errorType)}</code></td><td class="num">${esc(formatMs(f.durationMs))}</td><td>${f.pod === undefined ? '<span class="muted">–</span>' : `<code>${esc(f.pod)}</code>`}</td><td>${trace}</td><td class="reason">${reason(f)}</td></tr>
<tr class="span-details" id="span-${i}" hidden><td></td><td colspan="8">${spanDetails(f)}</td></tr>`;
  }).join('');
  const kept = info === undefined
    ? `${failures.length} of ${s.totals.failed}`
    : `${info.kept} of ${info.total} (per error type the first ${info.firstPerType} and a random sample of ${info.samplePerType} of the rest; counts by type are exact in <a href="#errors">Error types</a>)`;
  const filter = types.length > 1
    ? `<label class="filter">error.type <select id="failure-filter"><option value="">all</option>${types.map((t) => `<option value="${esc(t)}">${esc(t)}</option>`).join('')}</select></label>`
    : '';
  return `<section id="failures"><h2>Failed requests</h2>
<p>Kept ${kept}, from <code>failures.jsonl</code>. <em>failed at</em> is when the failure happened (sent + duration), the time the Errors chart counts it at; ▸ shows when it was sent, the span and, for a failed check, the start of the response body.${grafana === undefined ? ' Trace ids link to Grafana Explore with <code>--grafana-url</code> or <code>SCALETRACE_GRAFANA_URL</code>.' : ' Trace ids open the trace in Grafana Explore (Tempo).'} ${filter}</p>
<div class="scroll failures-scroll"><table class="failures">
<thead><tr><th></th><th title="when the request failed (sent + duration), the time the Errors chart counts it at">failed at</th><th>request</th><th>status</th><th>error.type</th><th>duration</th><th>serving pod</th><th>trace id</th><th title="the check that failed (expect:, capture), else the error message">reason</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

/** When the failure happened: sent + duration (the charts count a failure in the second it completed). */
export function failedAtS(f: Pick<FailureLine, 'elapsedS' | 'durationMs'>): number {
  return f.elapsedS + f.durationMs / 1000;
}

/** The failed check (`json $.id exists (absent)`) says more than the generic message; the message otherwise. */
function reason(f: FailureLine): string {
  if (f.check !== undefined) return `<code>${esc(f.check)}</code>`;
  return f.errorMessage === undefined ? '<span class="muted">–</span>' : esc(f.errorMessage);
}

function spanDetails(f: FailureLine): string {
  const sp = f.span;
  const timings = [
    ...(f.check === undefined ? [] : [['check', f.check]]),
    ...(f.flow === undefined ? [] : [['flow', `${f.flow} (its flow span is this span's parent in the trace)`]]),
    ['sent', `+${f.elapsedS.toFixed(3)} s (${f.time}); failed at +${failedAtS(f).toFixed(3)} s`],
    ['span', `${sp.name} (${sp.kind}) · ${sp.startTime} → ${sp.endTime} · ${formatMs(sp.durationMs)}`],
    ['status', `${sp.status.code}: ${sp.status.message}`],
    ['schedule lag', formatMs(f.timings.scheduleLagMs)],
    ['time to first byte', f.timings.ttfbMs === undefined ? 'no response headers' : formatMs(f.timings.ttfbMs)],
    ['span id', `${f.spanId} (kept: ${f.kept === 'first' ? 'among the first of its type' : 'random sample'})`],
  ];
  const attrs = Object.entries(sp.attributes).map(([k, v]) => `<tr><th scope="row"><code>${esc(k)}</code></th><td><code>${esc(v)}</code></td></tr>`).join('');
  // Untrusted text from the target: escaped like everything else, shown as is (whitespace kept).
  const body = f.bodyExcerpt === undefined ? '' : `<p class="excerpt-label">response body (its start, at most 200 characters; secrets redacted):</p><pre class="excerpt">${esc(f.bodyExcerpt)}</pre>`;
  return `<div class="span-box"><dl>${timings.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>${body}
<table class="attributes"><tbody>${attrs}</tbody></table></div>`;
}
