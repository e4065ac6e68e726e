import { randomUUID } from 'node:crypto';

/**
 * Request templates: `${vu}`, `${iteration}`, `${uuid}`, `${randomInt(a,b)}` (inclusive),
 * `${env.NAME}` (read once, at compile time; unset is an error), `${data.SOURCE.FIELD}` (the row
 * drawn for this iteration), `${vars.NAME}` (captured by an earlier flow step); `$${` writes a
 * literal `${`. Compiled once per request spec; the returned function runs per request, so it only
 * concatenates precomputed literals with the values of the expressions.
 */
export interface TemplateContext {
  vu: number;
  iteration: number;
  /** Data source name → the row drawn for this iteration (field → text). */
  data?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Values captured by earlier steps of this flow iteration. */
  vars?: Readonly<Record<string, string>>;
}
export type Template = (ctx: TemplateContext) => string;

export interface TemplateOptions {
  /**
   * `json`: the text is JSON (a body written as a YAML mapping), where every `${…}` sits inside a
   * string literal, so each value is escaped as JSON string content (a `"` in a CSV cell stays valid JSON).
   */
  escape?: 'json';
}

export class TemplateError extends Error {}

type Expression = (ctx: TemplateContext) => string | number;

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
/** A data field: a CSV column or JSON key; `-` is common in CSV headers, `.` would be ambiguous. */
const FIELD = '[A-Za-z0-9_-]+';
const EXPR = new RegExp(String.raw`^(vu|iteration|uuid)$|^randomInt\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$|^env\.(${IDENT})$|^data\.(${IDENT})\.(${FIELD})$|^vars\.(${IDENT})$`);
const KNOWN = '${vu}, ${iteration}, ${uuid}, ${randomInt(a,b)}, ${env.NAME}, ${data.SOURCE.FIELD}, ${vars.NAME}';

export function compileTemplate(src: string, opts: TemplateOptions = {}): Template {
  if (!src.includes('${')) return () => src;
  const { literals, expressions } = parse(src, opts.escape === 'json');
  const l0 = literals[0] as string;
  const l1 = literals[1] as string;
  const l2 = literals[2] as string;
  const l3 = literals[3] as string;
  const e0 = expressions[0];
  const e1 = expressions[1];
  const e2 = expressions[2];
  // Unrolled for the usual one to three expressions; a loop beyond that.
  switch (expressions.length) {
    case 0: return () => l0;
    case 1: return (ctx) => l0 + (e0 as Expression)(ctx) + l1;
    case 2: return (ctx) => l0 + (e0 as Expression)(ctx) + l1 + (e1 as Expression)(ctx) + l2;
    case 3: return (ctx) => l0 + (e0 as Expression)(ctx) + l1 + (e1 as Expression)(ctx) + l2 + (e2 as Expression)(ctx) + l3;
    default: return (ctx) => {
      let out = l0;
      for (let i = 0; i < expressions.length; i++) out += (expressions[i] as Expression)(ctx) + (literals[i + 1] as string);
      return out;
    };
  }
}

/** The `${data.…}` and `${vars.…}` a template reads, in order (for load-time checks); other expressions are skipped. */
export function templateReferences(src: string): { data: Array<{ source: string; field: string }>; vars: string[] } {
  const refs: { data: Array<{ source: string; field: string }>; vars: string[] } = { data: [], vars: [] };
  if (!src.includes('${')) return refs;
  scan(src, () => undefined, (expr) => {
    const m = EXPR.exec(expr);
    if (m?.[5] !== undefined) refs.data.push({ source: m[5], field: m[6] as string });
    else if (m?.[7] !== undefined) refs.vars.push(m[7]);
  });
  return refs;
}

/** Walks `src`, calling `onLiteral` for literal text and `onExpression` for the trimmed text inside each `${…}`. */
function scan(src: string, onLiteral: (text: string) => void, onExpression: (expr: string) => void): void {
  let i = 0;
  while (i < src.length) {
    if (src.startsWith('$${', i)) { onLiteral('${'); i += 3; continue; }
    if (src.startsWith('${', i)) {
      const close = src.indexOf('}', i + 2);
      if (close < 0) throw new TemplateError(`unterminated template expression in ${JSON.stringify(src)} (write $\${ for a literal \${)`);
      onExpression(src.slice(i + 2, close).trim());
      i = close + 1;
      continue;
    }
    const next = src.indexOf('$', i + 1);
    const end = next < 0 ? src.length : next;
    onLiteral(src.slice(i, end));
    i = end;
  }
}

/** `src` → literals[0] expr[0] literals[1] … expr[n-1] literals[n]; constant expressions fold into literals. */
function parse(src: string, json: boolean): { literals: string[]; expressions: Expression[] } {
  const literals: string[] = [];
  const expressions: Expression[] = [];
  let literal = '';
  scan(src, (text) => { literal += text; }, (expr) => {
    const compiled = compileExpression(expr);
    if (typeof compiled === 'string') literal += json ? jsonEscape(compiled) : compiled;
    else { literals.push(literal); expressions.push(json ? escaped(compiled) : compiled); literal = ''; }
  });
  literals.push(literal);
  return { literals, expressions };
}

function jsonEscape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function escaped(e: Expression): Expression {
  return (ctx) => jsonEscape(String(e(ctx)));
}

function compileExpression(expr: string): Expression | string {
  const m = EXPR.exec(expr);
  if (!m) throw new TemplateError(`unknown template expression \${${expr}} (known: ${KNOWN})`);
  if (m[1] === 'vu') return (ctx) => ctx.vu;
  if (m[1] === 'iteration') return (ctx) => ctx.iteration;
  if (m[1] === 'uuid') return () => randomUUID();
  if (m[4] !== undefined) {
    const value = process.env[m[4]];
    if (value === undefined) throw new TemplateError(`\${${expr}}: environment variable ${m[4]} is not set`);
    return value;
  }
  // A missing row, field or var renders empty: the engine skips the steps after a failed capture.
  if (m[5] !== undefined) return dataField(m[5], m[6] as string);
  if (m[7] !== undefined) return capturedVar(m[7]);
  const lo = Number(m[2]);
  const hi = Number(m[3]);
  if (hi < lo) throw new TemplateError(`\${${expr}}: the upper bound is below the lower one`);
  const span = hi - lo + 1;
  return () => lo + Math.floor(Math.random() * span);
}

function dataField(source: string, field: string): Expression {
  return (ctx) => ctx.data?.[source]?.[field] ?? '';
}

function capturedVar(name: string): Expression {
  return (ctx) => ctx.vars?.[name] ?? '';
}
