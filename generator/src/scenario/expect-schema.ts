import { z } from 'zod';
import { parseDuration } from './duration';
import { positiveDuration } from './duration-schema';
import { jsonPathProblem } from './extract-schema';
import type { ExpectSpec, ValueMatcher } from './types';
import type { YamlSource } from './yaml-source';

/**
 * `expect:` on a request or flow step: status, body text, JSON path and header matchers, and a
 * bound on the response time. Any mismatch fails the request (`expectation_failed`, or the status).
 */

export const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** A JavaScript regular expression as the engine will compile it (no flags). */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (err) {
    return `not a valid regular expression (${(err as Error).message})`;
  }
}

export const regexSchema = z.string({ error: 'expected a regular expression (JavaScript syntax)' }).superRefine((p, ctx) => {
  const problem = regexProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const matcherSchema = z.strictObject({
  equals: z.union([z.string(), z.number(), z.boolean(), z.null()], { error: 'expected a string, a number, true/false or null' }).optional(),
  exists: z.boolean({ error: 'must be true or false' }).optional(),
  matches: regexSchema.optional(),
}, { error: 'expected a matcher: { equals: VALUE }, { exists: true|false } or { matches: REGEX }' }).superRefine((m, ctx) => {
  const set = Object.keys(m);
  if (set.length !== 1) ctx.addIssue({ code: 'custom', message: `needs exactly one of equals, exists, matches (got ${set.length === 0 ? 'none' : set.join(' and ')})` });
});

export const expectSchema = z.strictObject({
  status: z.array(
    z.number({ error: 'expected an HTTP status code such as 200' }).int({ error: 'must be a whole number' })
      .min(100, { error: 'must be an HTTP status code (100-599)' }).max(599, { error: 'must be an HTTP status code (100-599)' }),
  ).min(1, { error: 'needs at least one status code' }).optional(),
  bodyContains: z.string().min(1, { error: 'must not be empty' }).optional(),
  json: z.record(z.string(), matcherSchema, { error: 'expected a mapping of JSON path → matcher, e.g. { "$.id": { exists: true } }' }).optional(),
  header: z.record(z.string(), matcherSchema, { error: 'expected a mapping of header name → matcher, e.g. { content-type: { matches: json } }' }).optional(),
  maxDuration: positiveDuration.optional(),
});

export type RawExpect = z.infer<typeof expectSchema>;
type RawMatcher = z.infer<typeof matcherSchema>;

/** Raw `expect:` → ExpectSpec (matchers in the order written); `at` is the `expect` field's path. */
export function normalizeExpect(raw: RawExpect, at: ReadonlyArray<string | number>, source: YamlSource): ExpectSpec {
  const spec: ExpectSpec = {};
  if (raw.status !== undefined) spec.status = raw.status;
  if (raw.bodyContains !== undefined) spec.bodyContains = raw.bodyContains;
  if (raw.json !== undefined) {
    spec.json = Object.entries(raw.json).map(([path, m]) => {
      const problem = jsonPathProblem(path, '$.items[0].id');
      if (problem) throw source.error([...at, 'json'], problem, path);
      return { path, ...matcherOf(m) };
    });
  }
  if (raw.header !== undefined) {
    spec.headers = Object.entries(raw.header).map(([name, m]) => {
      if (!HEADER_NAME.test(name)) throw source.error([...at, 'header'], `${JSON.stringify(name)} is not an HTTP header name`, name);
      const matcher = matcherOf(m);
      // A header's value is text: `equals: 42` compares with "42"; an absent header is `exists: false`.
      if (matcher.equals === null) throw source.error([...at, 'header', name, 'equals'], 'a header\'s value is text, never null (for a header that must be absent, write exists: false)');
      if (matcher.equals !== undefined) matcher.equals = String(matcher.equals);
      return { name: name.toLowerCase(), ...matcher };
    });
  }
  if (raw.maxDuration !== undefined) spec.maxDurationMs = parseDuration(raw.maxDuration);
  return spec;
}

function matcherOf(m: RawMatcher): ValueMatcher {
  if (m.exists !== undefined) return { exists: m.exists };
  if (m.matches !== undefined) return { matches: m.matches };
  return { equals: m.equals as ValueMatcher['equals'] };
}
