import { formatMs, formatPct, formatRate } from './format-values';
import type { BreakdownStats, FlowStats, Summary } from './types';

/** A flow with its steps' request breakdowns (`FLOW.STEP` entries of summary.json `requests`). */
export interface FlowGroup {
  name: string;
  stats: FlowStats;
  steps: Array<[string, BreakdownStats]>;
}

/** summary.json `requests` split into plain requests and each flow's steps, both in summary order. */
export function requestGroups(s: Summary): { plain: Array<[string, BreakdownStats]>; flows: FlowGroup[] } {
  const flows: FlowGroup[] = Object.entries(s.flows ?? {}).map(([name, stats]) => ({ name, stats, steps: [] }));
  const plain: Array<[string, BreakdownStats]> = [];
  for (const entry of Object.entries(s.requests)) (flowOf(entry[0], flows)?.steps ?? plain).push(entry);
  return { plain, flows };
}

/** The flow whose `NAME.` starts the request name (the longest, should one flow name prefix another). */
function flowOf(request: string, flows: readonly FlowGroup[]): FlowGroup | undefined {
  let found: FlowGroup | undefined;
  for (const f of flows) if (request.startsWith(`${f.name}.`) && f.name.length > (found?.name.length ?? -1)) found = f;
  return found;
}

/** Most first. Sorted here, not trusted from the JSON: integer-like keys (`503`) always come first in an object. */
export function byCount(counts: Record<string, number>): Array<[string, number]> {
  return Object.entries(counts).sort((a, b) => b[1] - a[1]);
}

/** `a 4, b 2, others 3`: the `max` most frequent, the rest summed. */
export function topCounts(counts: Record<string, number>, max = 3, quote: (name: string) => string = (n) => n): string {
  const entries = byCount(counts);
  const shown = entries.slice(0, max).map(([name, n]) => `${quote(name)} ${n}`);
  const rest = entries.slice(max).reduce((sum, [, n]) => sum + n, 0);
  return rest > 0 ? [...shown, `others ${rest}`].join(', ') : shown.join(', ');
}

/** `first failed step checkout.cart 4, checkout.login 2 · error.type expectation_failed 4, timeout 2` ('' when none failed). */
export function flowFailureText(f: FlowStats): string {
  if (f.failed === 0) return '';
  return `first failed step ${topCounts(f.failedAt)} · error.type ${topCounts(f.errors)}`;
}

/** Console lines per flow (indented by the caller): iterations and rate, failures, incomplete, duration. */
export function flowLines(g: FlowGroup, label: (text: string) => string, bad: (text: string) => string): string[] {
  const f = g.stats;
  const failed = f.failed > 0 ? `${bad(String(f.failed))}  ${flowFailureText(f)}` : '0';
  return [
    g.name,
    `  ${label('iterations')} ${f.iterations}  ${formatRate(f.rate)}  success ${formatPct(f.successRate)}`,
    `  ${label('failed')} ${failed}`,
    `  ${label('incomplete')} ${f.incomplete}`,
    `  ${label('duration')} ${f.iterations === 0 ? 'no iterations' : `med=${formatMs(f.duration.p50)} p95=${formatMs(f.duration.p95)} p99=${formatMs(f.duration.p99)}`}`,
  ];
}

/** summary.md's Flows section. */
export function flowsMarkdown(s: Summary): string[] {
  const { flows } = requestGroups(s);
  if (flows.length === 0) return [];
  const out = ['## Flows', '',
    'An iteration runs the flow\'s steps one after another; its duration runs from its intended start to its last step\'s end, think time included. ' +
    'A failed iteration is counted at its first failed step; incomplete iterations skipped steps (after a failed capture, or cut by the run\'s stop). ' +
    'Each step\'s requests are under Per request as `FLOW.STEP`.', '',
    '| Flow | Iterations | Iterations/s | Success | Failed | Incomplete | p50 ms | p95 ms | p99 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const { name, stats: f } of flows) {
    out.push(`| \`${cell(name)}\` | ${f.iterations} | ${f.rate} | ${formatPct(f.successRate)} | ${f.failed} | ${f.incomplete} | ${f.duration.p50} | ${f.duration.p95} | ${f.duration.p99} |`);
  }
  out.push('');
  const code = (n: string): string => `\`${n}\``;
  for (const { name, stats: f } of flows) {
    if (f.failed > 0) out.push(`- Failed \`${name}\` iterations: first failed step ${topCounts(f.failedAt, 3, code)}; error.type ${topCounts(f.errors, 3, code)}.`);
  }
  if (flows.some((g) => g.stats.failed > 0)) out.push('');
  return out;
}

/** Pipes would split a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
