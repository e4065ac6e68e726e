import { checkLine, formatDelta, formatMetric } from './compare-format';
import type { CompareMetric, Comparison } from './types';

const COLUMNS: CompareMetric[] = ['rps', 'success', 'p50', 'p95', 'p99'];

/** The console's answer: did it pass (each rule, each tripped check), then one line per run. */
export function compareLines(c: Comparison): string[] {
  const out = [`compared ${c.runs.length} runs against baseline ${c.baseline}`];
  if (c.rules.length === 0) out.push('no --fail-on rules');
  for (const r of c.rules) {
    out.push(`${r.tripped ? '✗' : '✓'} ${r.rule}`);
    for (const ch of r.checks) if (ch.tripped || ch.noData) out.push(`    ${checkLine(r, ch)}`);
  }
  const rows = [['run', 'requests', ...COLUMNS], ...c.runs.map((run) => [
    `${run.label}${run.baseline ? ' (baseline)' : ''}`,
    String(run.totals.requests),
    ...COLUMNS.map((m) => { const d = formatDelta(m, run.deltas?.totals[m]); return `${formatMetric(m, run.totals[m])}${d === '' ? '' : ` (${d})`}`; }),
  ])];
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  out.push('', ...rows.map((row) => `  ${row.map((v, i) => v.padEnd(widths[i] as number)).join('  ').trimEnd()}`));
  return out;
}
