import type { LatencyStats } from '../types';

/**
 * summary.json `inference[name]`, for requests with `extract:` (docs/results.md "Inference"):
 * tokens read from the responses and the time to the first body chunk. Latencies ms.
 */
export interface InferenceStats {
  /** Successful responses of this request name. */
  responses: number;
  /** …of which carried a token count at the `extract.tokens` path. */
  withTokens: number;
  /** …of which were streamed (SSE or NDJSON) with at least two tokens: those `timePerOutputToken` is measured on. */
  streamed: number;
  tokens: {
    total: number;
    /** total / run duration: the service's output rate under this load. */
    perSecond: number;
    /** Tokens per response that had them. */
    perRequest: { avg: number; p50: number; p95: number; max: number };
  };
  /** Time from the intended send to the response headers (a server may send them before any token). */
  ttfb: LatencyStats;
  /** Time from the intended send to the first body chunk (a streamed answer's first token). */
  firstChunk: LatencyStats;
  /**
   * Time per output token (TPOT), streamed responses only: (end − first chunk) ÷ (tokens − 1), the
   * pace after the first token; per response it is the mean inter-token latency.
   */
  timePerOutputToken: LatencyStats;
  /** Latency of the successful responses, to read tokens/s against (e.g. 28 tokens/s at p95 3.4 s). */
  latency: LatencyStats;
  /** Tokens/s over the run, by when the responses completed: step `stepS` seconds (1 s up to 30 min). */
  timeline: { stepS: number; tokensPerS: number[] };
}
