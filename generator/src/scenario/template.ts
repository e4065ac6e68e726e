import { randomUUID } from 'node:crypto';

/**
 * Request templates: `${vu}`, `${iteration}`, `${uuid}`, `${randomInt(a,b)}` (inclusive),
 * `${env.NAME}` (read once at compile time); `$${` writes a literal `${`.
 * Compiled once per request spec; the returned function runs per request.
 */
export interface TemplateContext { vu: number; iteration: number }
export type Template = (ctx: TemplateContext) => string;

type Part = string | Template;

export class TemplateError extends Error {}

const EXPR = /^(vu|iteration|uuid)$|^randomInt\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$|^env\.([A-Za-z_][A-Za-z0-9_]*)$/;

export function compileTemplate(src: string): Template {
  if (!src.includes('${')) return () => src;
  const parts = parseParts(src);
  if (parts.length === 1 && typeof parts[0] === 'string') {
    const constant = parts[0];
    return () => constant;
  }
  return (ctx) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : p(ctx);
    return out;
  };
}

function parseParts(src: string): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < src.length) {
    if (src.startsWith('$${', i)) { literal += '${'; i += 3; continue; }
    if (src.startsWith('${', i)) {
      const close = src.indexOf('}', i + 2);
      if (close < 0) throw new TemplateError(`unterminated template expression in ${JSON.stringify(src)}`);
      if (literal) { parts.push(literal); literal = ''; }
      parts.push(compileExpression(src.slice(i + 2, close).trim()));
      i = close + 1;
      continue;
    }
    literal += src[i];
    i += 1;
  }
  if (literal) parts.push(literal);
  return mergeConstants(parts);
}

function compileExpression(expr: string): Part {
  const m = EXPR.exec(expr);
  if (!m) {
    throw new TemplateError(`unknown template expression \${${expr}} (known: \${vu}, \${iteration}, \${uuid}, \${randomInt(a,b)}, \${env.NAME})`);
  }
  if (m[1] === 'vu') return (ctx) => String(ctx.vu);
  if (m[1] === 'iteration') return (ctx) => String(ctx.iteration);
  if (m[1] === 'uuid') return () => randomUUID();
  if (m[4] !== undefined) return process.env[m[4]] ?? '';
  const lo = Number(m[2]);
  const hi = Number(m[3]);
  if (hi < lo) throw new TemplateError(`\${${expr}}: the upper bound is below the lower one`);
  const span = hi - lo + 1;
  return () => String(lo + Math.floor(Math.random() * span));
}

function mergeConstants(parts: Part[]): Part[] {
  const merged: Part[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
    else merged.push(p);
  }
  return merged;
}
