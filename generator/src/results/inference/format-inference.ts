import { formatMs, formatPct } from '../format-values';
import type { InferenceStats } from './inference-stats';

/** Console lines: `{ name:generate } 28.4 tokens/s at p95 3.4s · 36 tokens/response (p95 55) · first chunk p50 … p95 …`. */
export function inferenceLines(stats: Record<string, InferenceStats>): string[] {
  return Object.entries(stats).map(([name, s]) => {
    if (s.responses === 0) return `{ name:${name} }  no successful responses`;
    const tokens = s.withTokens === 0
      ? 'no token counts found at the extract path'
      : `${s.tokens.perSecond} tokens/s at p95 ${formatMs(s.latency.p95)} · ${s.tokens.perRequest.avg} tokens/response (p95 ${s.tokens.perRequest.p95})` +
        (s.withTokens < s.responses ? ` · counted in ${formatPct(s.withTokens / s.responses)} of responses` : '');
    const first = s.firstChunk.max > 0 ? ` · first chunk p50=${formatMs(s.firstChunk.p50)} p95=${formatMs(s.firstChunk.p95)}` : '';
    const tpot = s.streamed > 0
      ? ` · time per output token p50=${formatMs(s.timePerOutputToken.p50)} p95=${formatMs(s.timePerOutputToken.p95)} p99=${formatMs(s.timePerOutputToken.p99)}`
      : '';
    return `{ name:${name} }  ${tokens}${first}${tpot} · ttfb p95=${formatMs(s.ttfb.p95)}`;
  });
}

/** summary.md's Inference table. */
export function inferenceMarkdown(stats: Record<string, InferenceStats>): string[] {
  const out = ['## Inference', '', 'Requests with `extract:`: tokens read from successful responses, time to first byte (headers) and to the first body chunk (the first token), ' +
    'and for streamed answers the time per output token (TPOT: (end − first chunk) ÷ (tokens − 1)); times in ms.', ''];
  out.push('| Request | Responses | With tokens | Tokens | Tokens/s | Tokens/response avg | p50 | p95 | TTFB p95 | First chunk p50 | First chunk p95 | Latency p95 | Streamed | TPOT p50 | TPOT p95 | TPOT p99 |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, s] of Object.entries(stats)) {
    const tpot = s.streamed > 0 ? `${s.timePerOutputToken.p50} | ${s.timePerOutputToken.p95} | ${s.timePerOutputToken.p99}` : '- | - | -';
    out.push(`| \`${name}\` | ${s.responses} | ${s.withTokens} | ${s.tokens.total} | ${s.tokens.perSecond} | ${s.tokens.perRequest.avg} | ${s.tokens.perRequest.p50} | ${s.tokens.perRequest.p95} | ${s.ttfb.p95} | ${s.firstChunk.p50} | ${s.firstChunk.p95} | ${s.latency.p95} | ${s.streamed} | ${tpot} |`);
  }
  out.push('');
  return out;
}
