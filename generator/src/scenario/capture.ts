import { z } from 'zod';
import { HEADER_NAME, regexProblem } from './expect-schema';
import { jsonPathProblem } from './extract-schema';
import type { CaptureSource, CaptureSpec } from './types';
import type { YamlSource } from './yaml-source';

/**
 * `capture:` on a flow step: name → where to read the value in the response, for `${vars.NAME}`
 * in the later steps of the same iteration. `$.token` (JSON path into the body),
 * `header:x-session-id`, or `regex:PATTERN` over the body text (its first group is the value).
 */
export const captureSchema = z.record(
  z.string(),
  z.string({ error: 'expected $.json.path, header:NAME or regex:PATTERN' }),
  { error: 'expected a mapping of name → $.json.path, header:NAME or regex:PATTERN, e.g. { token: $.token }' },
);

/** A capture (and data source) name: `${vars.NAME}` reads it. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class CaptureError extends Error {}

export function parseCapture(expr: string): CaptureSource {
  if (expr.startsWith('$')) {
    const problem = jsonPathProblem(expr, '$.token');
    if (problem) throw new CaptureError(problem);
    return { kind: 'json', path: expr };
  }
  if (expr.startsWith('header:')) {
    const name = expr.slice('header:'.length).trim();
    if (!HEADER_NAME.test(name)) throw new CaptureError(`${JSON.stringify(name)} is not an HTTP header name (e.g. header:x-session-id)`);
    return { kind: 'header', name: name.toLowerCase() };
  }
  if (expr.startsWith('regex:')) {
    const pattern = expr.slice('regex:'.length);
    const problem = regexProblem(pattern);
    if (problem) throw new CaptureError(problem);
    // An alternative that matches the empty string always matches: its result has one slot per group.
    const groups = (new RegExp(`${pattern}|`).exec('') as RegExpExecArray).length - 1;
    if (groups < 1) throw new CaptureError(`${JSON.stringify(pattern)} has no capture group: the value is group 1, e.g. regex:id=(\\w+)`);
    return { kind: 'regex', pattern };
  }
  throw new CaptureError(`${JSON.stringify(expr)}: expected a JSON path ($.token), header:NAME or regex:PATTERN`);
}

/** `capture:` of the step at `at` → CaptureSpecs in the order written. */
export function normalizeCaptures(raw: Record<string, string> | undefined, at: ReadonlyArray<string | number>, source: YamlSource): CaptureSpec[] {
  return Object.entries(raw ?? {}).map(([name, expr]) => {
    if (!IDENTIFIER.test(name)) {
      throw source.error([...at, 'capture'], `${JSON.stringify(name)}: a capture name is a letter or _, then letters, digits or _ (it is read as \${vars.${name}})`, name);
    }
    try {
      return { name, from: parseCapture(expr), expr };
    } catch (err) {
      if (err instanceof CaptureError) throw source.error([...at, 'capture', name], err.message);
      throw err;
    }
  });
}
