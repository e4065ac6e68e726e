import { JSONPath } from 'jsonpath-plus';
import type { CaptureSpec, ExpectSpec, HeaderExpectation, JsonExpectation, ValueMatcher } from '../scenario';
import { redactUrlsInText, REDACTED } from './redact-url';

/**
 * A request's `expect:` (beyond the status) and a flow step's `capture:`, compiled once per run.
 * Evaluated when the response is complete; each failure names the check that failed, the way a
 * person would read it (`json $.items[0].id exists`), for the span, failures.jsonl and the report.
 */

/** Longest body excerpt kept with a failed check. */
export const BODY_EXCERPT_CHARS = 200;

/** What the finished response offers to the checks. */
export interface ResponseView {
  /** Body text (undefined when the request does not read its body). */
  body: string | undefined;
  /** The response header, lower-cased name; undefined when absent. */
  header(name: string): string | undefined;
  /** From the intended send to the end of the response, ms. */
  durationMs: number;
}

export interface CheckFailure {
  errorType: 'expectation_failed' | 'capture_failed';
  /** e.g. `json $.items[0].id exists`, `capture token ($.token) found nothing`. */
  check: string;
}

type Check = (view: ResponseView, parsed: ParsedBody) => string | undefined;

/** The body parsed as JSON at most once per response, on first need. */
class ParsedBody {
  private done = false;
  private value: unknown;
  constructor(private readonly text: string | undefined) {}

  json(): unknown {
    if (!this.done) {
      this.done = true;
      try {
        this.value = this.text === undefined || this.text === '' ? undefined : (JSON.parse(this.text) as unknown);
      } catch {
        this.value = NOT_JSON;
      }
    }
    return this.value;
  }
}

const NOT_JSON = Symbol('not JSON');

export class ResponseChecks {
  /** Whether the body must be kept for these checks. */
  readonly readsBody: boolean;
  /** Whether response headers must be kept. */
  readonly readsHeaders: boolean;
  private readonly checks: Check[];
  private readonly captures: Array<{ spec: CaptureSpec; read: (view: ResponseView, parsed: ParsedBody) => string | undefined }>;

  constructor(expect: ExpectSpec | undefined, captures: readonly CaptureSpec[]) {
    this.checks = [];
    if (expect?.maxDurationMs !== undefined) {
      const max = expect.maxDurationMs;
      this.checks.push((view) => (view.durationMs > max ? `maxDuration ${formatMs(max)} (took ${formatMs(view.durationMs)})` : undefined));
    }
    for (const j of expect?.json ?? []) this.checks.push(jsonCheck(j));
    for (const h of expect?.headers ?? []) this.checks.push(headerCheck(h));
    this.captures = captures.map((spec) => ({ spec, read: captureReader(spec) }));
    this.readsBody = (expect?.json?.length ?? 0) > 0 || captures.some((c) => c.from.kind !== 'header');
    this.readsHeaders = (expect?.headers?.length ?? 0) > 0 || captures.some((c) => c.from.kind === 'header');
  }

  /** The step captures values: when it fails, the rest of its iteration cannot use them. */
  get capturing(): boolean {
    return this.captures.length > 0;
  }

  get empty(): boolean {
    return this.checks.length === 0 && this.captures.length === 0;
  }

  /**
   * Runs the expectations, then (only if they passed) the captures into `vars`. Returns the first
   * failure, or undefined when everything held.
   */
  evaluate(view: ResponseView, vars: Record<string, string> | undefined): CheckFailure | undefined {
    const parsed = new ParsedBody(view.body);
    for (const check of this.checks) {
      const failed = check(view, parsed);
      if (failed !== undefined) return { errorType: 'expectation_failed', check: failed };
    }
    for (const { spec, read } of this.captures) {
      const value = read(view, parsed);
      if (value === undefined) return { errorType: 'capture_failed', check: `capture ${spec.name} (${spec.expr}) found nothing` };
      if (vars !== undefined) vars[spec.name] = value;
    }
    return undefined;
  }
}

function jsonCheck(spec: JsonExpectation): Check {
  const path = JSONPath.toPathArray(spec.path).slice();
  const label = `json ${spec.path}`;
  return (_view, parsed) => {
    const json = parsed.json();
    if (json === NOT_JSON || json === undefined) return `${label}: the body is not JSON`;
    return matchFailure(label, spec, evaluatePath(path, json));
  };
}

function headerCheck(spec: HeaderExpectation): Check {
  const label = `header ${spec.name}`;
  return (view) => matchFailure(label, spec, view.header(spec.name));
}

/** undefined when the value satisfies the matcher, else the failure text. */
function matchFailure(label: string, m: ValueMatcher, value: unknown): string | undefined {
  if (m.exists !== undefined) {
    const present = value !== undefined;
    if (present === m.exists) return undefined;
    return m.exists ? `${label} exists (absent)` : `${label} is absent (was ${shortJson(value)})`;
  }
  if (m.matches !== undefined) {
    if (value !== undefined && new RegExp(m.matches).test(typeof value === 'string' ? value : JSON.stringify(value))) return undefined;
    return `${label} matches /${m.matches}/ (was ${shortJson(value)})`;
  }
  if (value !== undefined && isDeepEqual(value, m.equals)) return undefined;
  return `${label} equals ${shortJson(m.equals)} (was ${shortJson(value)})`;
}

function captureReader(spec: CaptureSpec): (view: ResponseView, parsed: ParsedBody) => string | undefined {
  const from = spec.from;
  if (from.kind === 'header') return (view) => nonEmpty(view.header(from.name));
  if (from.kind === 'regex') {
    const re = new RegExp(from.pattern);
    return (view) => {
      if (view.body === undefined) return undefined;
      return nonEmpty(re.exec(view.body)?.[1]);
    };
  }
  const path = JSONPath.toPathArray(from.path).slice();
  return (_view, parsed) => {
    const json = parsed.json();
    if (json === NOT_JSON || json === undefined) return undefined;
    const value = evaluatePath(path, json);
    if (value === undefined || value === null) return undefined;
    return nonEmpty(typeof value === 'string' ? value : JSON.stringify(value));
  };
}

const evaluator = JSONPath({ autostart: false, wrap: false, eval: false, path: '$', json: null });

function evaluatePath(path: string[], json: unknown): unknown {
  if (json === null || typeof json !== 'object') return path.length === 1 ? json : undefined;
  try {
    return evaluator.evaluate({ path, json: json as object, callback: undefined, otherTypeCallback: undefined }) as unknown;
  } catch {
    // A response must never break the run: a path the library refuses reads as "absent".
    return undefined;
  }
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function shortJson(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 2)}s` : `${Math.round(ms)}ms`;
}

/** JSON keys and form fields whose values are secrets. */
const SECRET_FIELD = /("(?:[^"\\]*?)(?:token|secret|password|passwd|pwd|auth|credential|session|cookie|api[_-]?key|signature)(?:[^"\\]*?)"\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}\]\s]+)/gi;
const SECRET_PAIR = /(\b[\w.-]*(?:token|secret|password|passwd|pwd|auth|credential|session|api[_-]?key|signature)[\w.-]*=)([^&\s"'<>]+)/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

/**
 * The start of a response body for a failure's story: secret-looking JSON values, `name=value`
 * pairs and credentials redacted first (so a cut never leaves half a secret), then at most
 * BODY_EXCERPT_CHARS characters on one line. `secrets` are values this iteration captured.
 */
export function bodyExcerpt(body: string | undefined, secrets?: Readonly<Record<string, string>>): string | undefined {
  if (body === undefined || body === '') return undefined;
  // Redacting a 4 MB body would cost more than the failure is worth: only the head can be shown.
  let text = body.length > 4 * BODY_EXCERPT_CHARS ? body.slice(0, 4 * BODY_EXCERPT_CHARS) : body;
  text = text.replace(SECRET_FIELD, (_m, key: string) => `${key}"${REDACTED}"`);
  text = text.replace(SECRET_PAIR, (_m, key: string) => `${key}${REDACTED}`);
  text = text.replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  if (secrets !== undefined) {
    for (const value of Object.values(secrets)) if (value.length >= 6) text = text.split(value).join(REDACTED);
  }
  text = redactUrlsInText(text).replace(/\s+/g, ' ').trim();
  return text.length > BODY_EXCERPT_CHARS ? text.slice(0, BODY_EXCERPT_CHARS - 1) + '…' : text;
}
