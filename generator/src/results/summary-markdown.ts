import { scalingMarkdown } from './format-scaling';
import { presetMarkdown } from './presets/preset-markdown';
import { inferenceMarkdown } from './inference/format-inference';
import { faultsMarkdown } from './format-faults';
import { flowsMarkdown, requestGroups } from './format-flows';
import type { BreakdownStats, LatencyStats, Summary } from './types';
import { formatBytes, formatDurationS, formatPct, formatPeakTarget, formatRate, formatThresholdValue } from './format-values';

const LATENCY_COLUMNS: (keyof LatencyStats)[] = ['min', 'avg', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'];

/** summary.md: thresholds first (did it pass?), then totals, latency, per request, flows, per stage, errors, telemetry. */
export function summaryMarkdown(s: Summary): string {
  const { run, totals } = s;
  const out: string[] = [];
  out.push(`# ScaleTrace run ${run.id}: ${run.scenario} — ${run.status.toUpperCase()}`, '');
  for (const w of s.warnings ?? []) out.push(`> **Warning:** ${w}`, '');
  const open = run.model === 'open';
  out.push(`${run.model} model against ${run.target || '(per-request targets)'}, ${run.startedAt} → ${run.endedAt} (${formatDurationS(run.durationS)}), ` +
    `peak target ${formatPeakTarget(run)}. Scenario file: \`${run.file}\`.`, '');

  out.push('## Thresholds', '');
  if (s.thresholds.length === 0) out.push('No thresholds defined.', '');
  else {
    out.push('| | Threshold | Observed |', '|---|---|---|');
    for (const t of s.thresholds) out.push(`| ${t.ok ? '✓' : '✗'} | \`${cell(t.expr)}\` | ${formatThresholdValue(t)} |`);
    out.push('');
  }

  // Dropped arrivals and schedule lag exist in the open model only (closed: 0 by construction).
  out.push('## Totals', '', `| Requests | Failed | Error rate | RPS |${open ? ' Dropped |' : ''} Received |`, `|---:|---:|---:|---:|${open ? '---:|' : ''}---:|`);
  out.push(`| ${totals.requests} | ${totals.failed} | ${formatPct(totals.errorRate)} | ${formatRate(totals.rps)} |${open ? ` ${totals.dropped} |` : ''} ${formatBytes(totals.bytesReceived)} |`, '');

  out.push('## Latency (ms)', '', 'Measured from the intended send time (coordinated-omission free).', '');
  out.push(latencyHeader('Metric'));
  out.push(latencyRow('duration', totals.latency), latencyRow('time to first byte', totals.ttfb));
  if (open) out.push(latencyRow('schedule lag', totals.scheduleLag));
  out.push('');

  out.push('## Per request', '', `| Request | Requests | Failed | RPS | ${LATENCY_COLUMNS.join(' | ')} |`, `|---|---:|---:|---:|${'---:|'.repeat(LATENCY_COLUMNS.length)}`);
  // Plain requests, then each flow's steps together (`FLOW.STEP`).
  const groups = requestGroups(s);
  for (const [name, b] of [...groups.plain, ...groups.flows.flatMap((g) => g.steps)]) out.push(breakdownRow(`\`${cell(name)}\``, b));
  out.push('');
  out.push(...flowsMarkdown(s));

  out.push('## Per stage', '');
  // A 0-s stage is a jump: it moves the target and sends nothing, so it is no row of its own (as in report.html).
  const lasting = s.stages.filter((st) => st.durationS > 0 || st.requests > 0);
  const jumps = s.stages.length - lasting.length;
  if (jumps > 0) out.push(`${jumps} jump stage${jumps === 1 ? '' : 's'} (0 s: the target changes at once) not listed; the next stage starts at the new target.`, '');
  out.push(`| Stage | Target | Started | Duration | Requests | Failed | RPS |${open ? ' Dropped |' : ''} p50 | p95 | p99 |`, `|---:|---:|---|---:|---:|---:|---:|${open ? '---:|' : ''}---:|---:|---:|`);
  for (const st of lasting) {
    out.push(`| ${st.index} | ${st.target} | ${st.startedAt} | ${st.durationS}s | ${st.requests} | ${st.failed} | ${st.rps} |${open ? ` ${st.dropped} |` : ''} ${st.latency.p50} | ${st.latency.p95} | ${st.latency.p99} |`);
  }
  out.push('');

  out.push('## Errors', '');
  const errors = Object.entries(s.errors);
  if (errors.length === 0) out.push('No failed requests.', '');
  else {
    out.push('| error.type | Count | Share of requests |', '|---|---:|---:|');
    for (const [type, n] of errors) out.push(`| \`${cell(type)}\` | ${n} | ${formatPct(totals.requests ? n / totals.requests : 0)} |`);
    out.push('');
  }

  if (s.inference) out.push(...inferenceMarkdown(s.inference));
  if (s.preset) out.push(...presetMarkdown(s.preset));
  if (s.scaling) out.push(...scalingMarkdown(s.scaling));
  if (s.faults && s.faults.length > 0) out.push(...faultsMarkdown(s.faults));

  const { spans } = s.telemetry;
  out.push('## Telemetry', '', `Endpoint: ${s.telemetry.endpoint ?? 'none'}${s.telemetry.protocol ? ` (${s.telemetry.protocol})` : ''}; metrics exported: ${s.telemetry.metricsExported ? 'yes' : 'no'}.`, '');
  out.push('| Spans created | Exported | Spilled | Dropped |', '|---:|---:|---:|---:|', `| ${spans.created} | ${spans.exported} | ${spans.spilled} | ${spans.dropped} |`, '');
  if (spans.spilled > 0) out.push(`Spilled spans are in \`spill/\` beside this file: \`scaletrace replay <this directory>\` resends them.`, '');
  return out.join('\n');
}

function latencyHeader(first: string): string {
  return `| ${first} | ${LATENCY_COLUMNS.join(' | ')} |\n|---|${'---:|'.repeat(LATENCY_COLUMNS.length)}`;
}

/** `l` null: nothing to measure (no response arrived for time to first byte). */
function latencyRow(label: string, l: LatencyStats | null): string {
  return `| ${label} | ${LATENCY_COLUMNS.map((k) => (l ? l[k] : 'n/a')).join(' | ')} |`;
}

function breakdownRow(label: string, b: BreakdownStats): string {
  return `| ${label} | ${b.requests} | ${b.failed} | ${b.rps} | ${LATENCY_COLUMNS.map((k) => b.latency[k]).join(' | ')} |`;
}

/** Pipes would split a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
