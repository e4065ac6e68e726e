import { z } from 'zod';

/**
 * `extract:` on a request: what to read from its response (model servers). A JSON path into the
 * body (or into each event of a streamed `text/event-stream` / NDJSON body, the last match winning),
 * and the time to the first body chunk. Only requests that declare it pay for reading the body.
 */
export const extractSchema = z.strictObject({
  tokens: z.string({ error: 'expected a JSON path such as $.usage.completion_tokens' })
    .regex(/^\$/, { error: 'a JSON path starts with $, e.g. $.usage.completion_tokens' })
    .refine((p) => !/\?\(|\(@|\beval\b/.test(p), { error: 'filter and script expressions are not supported; use a plain path such as $.usage.completion_tokens' })
    .optional(),
  firstChunk: z.boolean({ error: 'must be true or false' }).optional(),
});

export type RawExtract = z.infer<typeof extractSchema>;
