import { randomUUID } from 'node:crypto';

/**
 * Request templates: `${vu}`, `${iteration}`, `${uuid}`, `${randomInt(a,b)}` (inclusive),
 * `${env.NAME}` (read once, at compile time; unset is an error); `$${` writes a literal `${`.
 * Compiled once per request spec; the returned function runs per request, so it only
 * concatenates precomputed literals with the values of the expressions.
 */
export interface TemplateContext { vu: number; iteration: number }
export type Template = (ctx: TemplateContext) => string;

export class TemplateError extends Error {}

type Expression = (ctx: TemplateContext) => string | number;

const EXPR = /^(vu|iteration|uuid)$|^randomInt\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$|^env\.([A-Za-z_][A-Za-z0-9_]*)$/;
const KNOWN = '${vu}, ${iteration}, ${uuid}, ${randomInt(a,b)}, ${env.NAME}';

export function compileTemplate(src: string): Template {
  if (!src.includes('${')) return () => src;
  const { literals, expressions } = parse(src);
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

/** `src` → literals[0] expr[0] literals[1] … expr[n-1] literals[n]; constant expressions fold into literals. */
function parse(src: string): { literals: string[]; expressions: Expression[] } {
  const literals: string[] = [];
  const expressions: Expression[] = [];
  let literal = '';
  let i = 0;
  while (i < src.length) {
    if (src.startsWith('$${', i)) { literal += '${'; i += 3; continue; }
    if (src.startsWith('${', i)) {
      const close = src.indexOf('}', i + 2);
      if (close < 0) throw new TemplateError(`unterminated template expression in ${JSON.stringify(src)} (write $\${ for a literal \${)`);
      const compiled = compileExpression(src.slice(i + 2, close).trim());
      if (typeof compiled === 'string') literal += compiled;
      else { literals.push(literal); expressions.push(compiled); literal = ''; }
      i = close + 1;
      continue;
    }
    literal += src[i];
    i += 1;
  }
  literals.push(literal);
  return { literals, expressions };
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
  const lo = Number(m[2]);
  const hi = Number(m[3]);
  if (hi < lo) throw new TemplateError(`\${${expr}}: the upper bound is below the lower one`);
  const span = hi - lo + 1;
  return () => lo + Math.floor(Math.random() * span);
}
