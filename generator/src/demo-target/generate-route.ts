import type * as http from 'node:http';

/** What a POST /generate body may ask for (an OpenAI-like completion request, the fields we honour). */
export interface GenerateRequest {
  /** Tokens to produce; default 8–63, fixed by the body's hash. */
  tokens: number;
  /** Stream server-sent events, one per token, then `usage` and `[DONE]`. */
  stream: boolean;
  /** Time per generated token (decode speed), ms. */
  tokenMs: number;
}

const MAX_TOKENS = 4096;

/** Reads `max_tokens`, `stream` and `token_ms` from a JSON body; anything else (or no JSON) takes the defaults. */
export function parseGenerateRequest(body: Buffer, seed: number): GenerateRequest {
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || '{}');
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    // A non-JSON prompt is fine: defaults.
  }
  const n = (v: unknown, fallback: number, max: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(max, Math.floor(v)) : fallback);
  return {
    tokens: Math.max(1, n(parsed.max_tokens, 8 + Math.floor(seed * 56), MAX_TOKENS)),
    stream: parsed.stream === true,
    tokenMs: n(parsed.token_ms, 2, 1000),
  };
}

/**
 * Answers a /generate whose compute (the prompt's prefill) is done: streams one SSE event per
 * token `tokenMs` apart and a final `usage` event, or waits as long and answers one JSON body.
 * Resolves with the status once the response has ended.
 */
export function writeGeneration(res: http.ServerResponse, req: GenerateRequest, promptTokens: number, headers: Record<string, string>): Promise<number> {
  const usage = { prompt_tokens: promptTokens, completion_tokens: req.tokens, total_tokens: promptTokens + req.tokens };
  return new Promise((resolve) => {
    if (!req.stream) {
      setTimeout(() => {
        if (!res.destroyed) {
          res.writeHead(200, { ...headers, 'content-type': 'application/json' });
          res.end(JSON.stringify({ object: 'text_completion', choices: [{ index: 0, text: 'tok '.repeat(req.tokens).trim(), finish_reason: 'length' }], usage }));
        }
        resolve(200);
      }, req.tokens * req.tokenMs);
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let sent = 0;
    const next = (): void => {
      if (res.destroyed) return resolve(499);
      if (sent < req.tokens) {
        res.write(`data: ${JSON.stringify({ object: 'text_completion.chunk', choices: [{ index: 0, text: 'tok' }] })}\n\n`);
        sent++;
        setTimeout(next, req.tokenMs);
        return;
      }
      res.write(`data: ${JSON.stringify({ object: 'text_completion.chunk', choices: [], usage })}\n\ndata: [DONE]\n\n`);
      res.end(() => resolve(200));
    };
    next();
  });
}
