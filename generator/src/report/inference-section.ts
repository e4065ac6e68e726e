import { formatMs, formatPct, type InferenceStats, type LatencyStats } from '../results';
import { esc } from './html-escape';

function triple(l: LatencyStats | undefined, shown: boolean): string[] {
  return l === undefined || !shown ? ['–', '–', '–'] : [formatMs(l.p50), formatMs(l.p95), formatMs(l.p99)];
}

/** One line per request name for the header: tokens/s, TTFT p95, TPOT p95. */
export function inferenceHeadline(stats: Record<string, InferenceStats>): string {
  return Object.entries(stats).map(([name, s]) => {
    if (s.responses === 0) return `${name}: no successful response`;
    const tpot = (s.streamed ?? 0) > 0 && s.timePerOutputToken ? ` · time per output token p95 ${formatMs(s.timePerOutputToken.p95)}` : '';
    return `${name}: ${s.tokens.perSecond} tokens/s · time to first token p95 ${formatMs(s.firstChunk.p95)}${tpot}`;
  }).join('; ');
}

/** Inference: per request with `extract:`, tokens, time to first token and time per output token. */
export function inferenceSection(stats: Record<string, InferenceStats> | undefined): string {
  if (stats === undefined) return '';
  const rows = Object.entries(stats).map(([name, s]) => {
    const streamed = s.streamed ?? 0;
    const cells = [String(s.responses), s.withTokens === 0 ? '–' : String(s.tokens.perSecond), s.withTokens === 0 ? '–' : `${s.tokens.perRequest.avg} (p95 ${s.tokens.perRequest.p95})`,
      ...triple(s.firstChunk, s.firstChunk.max > 0), String(streamed), ...triple(s.timePerOutputToken, streamed > 0), formatMs(s.ttfb.p95), formatMs(s.latency.p95)];
    return `<tr><td><code>${esc(name)}</code>${s.withTokens < s.responses ? ` <span class="muted">(tokens in ${esc(formatPct(s.responses === 0 ? 0 : s.withTokens / s.responses))})</span>` : ''}</td>${cells.map((v) => `<td class="num">${esc(v)}</td>`).join('')}</tr>`;
  }).join('');
  return `<section id="inference"><h2>Inference</h2>
<p class="verdict-line">${esc(inferenceHeadline(stats))}</p>
<div class="scroll"><table class="inference">
<thead><tr><th rowspan="2">request</th><th class="num" rowspan="2">responses</th><th class="num" rowspan="2">tokens/s</th><th class="num" rowspan="2">tokens/response</th><th class="num" colspan="3">time to first token</th><th class="num" rowspan="2">streamed</th><th class="num" colspan="3">time per output token</th><th class="num" rowspan="2">TTFB p95</th><th class="num" rowspan="2">latency p95</th></tr>
<tr><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p class="definitions">Successful responses only; times from the intended send. <strong>Time to first token</strong>: to the first body chunk (a streamed answer's first token). <strong>Time per output token</strong> (TPOT), streamed answers (SSE or NDJSON) with two or more tokens: (end − first chunk) ÷ (tokens − 1), the pace after the first token, i.e. each response's mean inter-token latency. Tokens/s over time is on the Timeline.</p></section>`;
}
