import { z } from 'zod';
import { parseDuration, parseDurationRange } from './duration';

/**
 * The scenario file as written (before normalisation). Objects are strict: an unknown field is
 * an error, because a typo like `durration` would otherwise silently change the test.
 */

const duration = z.union([z.string(), z.number()]).superRefine((value, ctx) => {
  try { parseDuration(value); } catch (err) { ctx.addIssue({ code: 'custom', message: (err as Error).message }); }
});

const durationRange = z.union([z.string(), z.number()]).superRefine((value, ctx) => {
  try { parseDurationRange(value); } catch (err) { ctx.addIssue({ code: 'custom', message: (err as Error).message }); }
});

export const httpUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try { url = new URL(value); } catch {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a URL (expected e.g. http://127.0.0.1:8080)` });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)}: only http:// and https:// targets are supported` });
  } else if (!url.hostname) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} has no host` });
  }
});

const rate = z.number({ error: 'must be a number (requests per second)' }).min(0, { error: 'must be ≥ 0' });
const vus = z.number({ error: 'must be a whole number of virtual users' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be ≥ 0' });
const positiveInt = z.number().int({ error: 'must be a whole number' }).positive({ error: 'must be > 0' });

const expectSchema = z.strictObject({
  status: z.array(z.number().int().min(100).max(599)).min(1).optional(),
  bodyContains: z.string().optional(),
});

export const requestSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, { error: 'use letters, digits, "_", "-" or "."' }),
  method: z.string().regex(/^[A-Za-z]+$/, { error: 'must be an HTTP method such as GET or POST' }).optional(),
  path: z.string().optional(),
  target: httpUrl.optional(),
  weight: z.number().positive({ error: 'must be > 0' }).optional(),
  headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  bodyFile: z.string().optional(),
  expect: expectSchema.optional(),
  timeout: duration.optional(),
});

const common = {
  thinkTime: durationRange.optional(),
  maxInFlight: positiveInt.optional(),
};

export const openLoadSchema = z.strictObject({
  model: z.literal('open'),
  startRate: rate.optional(),
  rate: rate.optional(),
  duration: duration.optional(),
  stages: z.array(z.strictObject({ duration, rate })).min(1, { error: 'needs at least one stage' }).optional(),
  ...common,
});

export const closedLoadSchema = z.strictObject({
  model: z.literal('closed'),
  vus: vus.optional(),
  startVus: vus.optional(),
  duration: duration.optional(),
  iterations: positiveInt.optional(),
  stages: z.array(z.strictObject({ duration, vus })).min(1, { error: 'needs at least one stage' }).optional(),
  ...common,
});

const thresholdSchema = z.union([
  z.string(),
  z.strictObject({ threshold: z.string(), abortOnFail: z.boolean().optional(), delayAbortEval: duration.optional() }),
], { error: 'expected a string like "p95 < 500ms" or { threshold, abortOnFail, delayAbortEval }' });

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  target: httpUrl.optional(),
  requests: z.array(requestSchema).min(1, { error: 'needs at least one request' }),
  load: z.discriminatedUnion('model', [openLoadSchema, closedLoadSchema]),
  thresholds: z.array(thresholdSchema).optional(),
  http: z.strictObject({ connections: positiveInt.optional(), pipelining: positiveInt.optional() }).optional(),
  gracefulStop: duration.optional(),
  podHeader: z.string().min(1).optional(),
});

export type RawScenario = z.infer<typeof scenarioSchema>;
export type RawRequest = z.infer<typeof requestSchema>;

/** Field names per object, for "did you mean" hints on unknown fields. */
export function knownKeys(path: readonly PropertyKey[]): string[] {
  const [first, , third] = path;
  const keysOf = (s: z.ZodObject): string[] => Object.keys(s.shape);
  if (path.length === 0) return keysOf(scenarioSchema);
  if (first === 'requests' && path.length === 2) return keysOf(requestSchema);
  if (first === 'requests' && third === 'expect') return keysOf(expectSchema);
  if (first === 'load' && path.length === 1) return [...new Set([...keysOf(openLoadSchema), ...keysOf(closedLoadSchema)])];
  if (first === 'load' && path[1] === 'stages') return ['duration', 'rate', 'vus'];
  if (first === 'http') return ['connections', 'pipelining'];
  if (first === 'thresholds') return ['threshold', 'abortOnFail', 'delayAbortEval'];
  return [];
}
