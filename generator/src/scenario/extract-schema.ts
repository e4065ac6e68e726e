import { z } from 'zod';

/**
 * Why `path` is not a JSON path we accept, or undefined. Plain paths only (as jsonpath-plus reads
 * them): filter and script expressions would run code from the scenario on every response.
 */
export function jsonPathProblem(path: string, example: string): string | undefined {
  if (!path.startsWith('$')) return `a JSON path starts with $, e.g. ${example}`;
  if (/\?\(|\(@|\beval\b/.test(path)) return `filter and script expressions are not supported; use a plain path such as ${example}`;
  return undefined;
}

/**
 * `extract:` on a request: what to read from its response (model servers). A JSON path into the
 * body (or into each event of a streamed `text/event-stream` / NDJSON body, the last match winning),
 * and the time to the first body chunk. Only requests that declare it pay for reading the body.
 */
export const extractSchema = z.strictObject({
  tokens: z.string({ error: 'expected a JSON path such as $.usage.completion_tokens' })
    .superRefine((p, ctx) => {
      const problem = jsonPathProblem(p, '$.usage.completion_tokens');
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  firstChunk: z.boolean({ error: 'must be true or false' }).optional(),
});

export type RawExtract = z.infer<typeof extractSchema>;
