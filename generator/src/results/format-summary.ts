import type { BreakdownStats, LatencyStats, Summary } from './types';
import { scalingLines } from './format-scaling';
import { presetLines } from './presets/format-preset';
import { inferenceLines } from './inference/format-inference';
import { faultLine } from './format-faults';
import { flowLines, requestGroups } from './format-flows';
import { formatBytes, formatDurationS, formatMs, formatPct, formatPeakTarget, formatRate, thresholdObservation } from './format-values';

export interface FormatOptions {
  /** ANSI colors; callers pass true only for a TTY (and no NO_COLOR). */
  color: boolean;
}

const LABEL_WIDTH = 30;

/**
 * The k6-style end summary. Its first lines answer "did it pass?": one ✓/✗ line per threshold
 * (`✓ p95 < 500ms (p95=123.4ms)`), then totals, percentiles per request, stages, errors, span accounting.
 */
export function formatSummary(s: Summary, opts: FormatOptions): string {
  const c = palette(opts.color);
  const out: string[] = [];
  for (const t of s.thresholds) {
    out.push(t.ok ? `${c.green('✓')} ${t.expr} ${c.dim(`(${thresholdObservation(t)})`)}` : c.red(`✗ ${t.expr} (${thresholdObservation(t)})`));
  }
  if (s.thresholds.length === 0) out.push(c.dim('no thresholds defined'));
  for (const w of s.warnings ?? []) out.push(c.red(`WARNING: ${w}`));
  out.push('');

  const { run, totals } = s;
  const open = run.model === 'open';
  const status = run.status === 'passed' ? c.green('PASSED') : c.red(run.status.toUpperCase());
  out.push(`  ${c.bold('RESULTS')}  ${run.scenario} · ${run.model} model · run ${run.id} · ${status}`);
  out.push(`    ${dotted('http_reqs', c)} ${c.cyan(String(totals.requests))}  ${formatRate(totals.rps)}`);
  out.push(`    ${dotted('http_req_failed', c)} ${c.cyan(formatPct(totals.errorRate))}  ${totals.failed} out of ${totals.requests}`);
  out.push(`    ${dotted('duration', c)} ${c.cyan(formatDurationS(run.durationS))}`);
  // Only when the run ended below its plan (a stress run stopped at its breaking point, Ctrl-C).
  if ((run.peakReached ?? run.usersOrRate) < run.usersOrRate) out.push(`    ${dotted('peak_target', c)} ${c.cyan(formatPeakTarget(run))}`);
  // Arrivals are dropped and sends lag their schedule only in the open model; closed, both are 0 by construction.
  if (open) out.push(`    ${dotted('dropped_arrivals', c)} ${totals.dropped > 0 ? c.red(String(totals.dropped)) : c.cyan('0')}`);
  out.push(`    ${dotted('data_received', c)} ${c.cyan(formatBytes(totals.bytesReceived))}`);
  out.push(`    ${dotted('http_req_duration', c)} ${latencyLine(totals.latency, c)}`);
  const groups = requestGroups(s);
  for (const [name, b] of groups.plain) out.push(`      ${dotted(`{ name:${name} }`, c, LABEL_WIDTH - 2)} ${requestLatency(b, c)}`);
  // A flow's steps, indented under it: their names are `FLOW.STEP`.
  for (const g of groups.flows) {
    out.push(`      { flow:${g.name} }`);
    for (const [name, b] of g.steps) out.push(`        ${dotted(`{ name:${name} }`, c, LABEL_WIDTH - 4)} ${requestLatency(b, c)}`);
  }
  out.push(`    ${dotted('http_req_ttfb', c)} ${totals.ttfb ? latencyLine(totals.ttfb, c) : c.dim('n/a (no response arrived)')}`);
  if (open) out.push(`    ${dotted('schedule_lag', c)} ${latencyLine(totals.scheduleLag, c)}`);
  out.push('');

  if (groups.flows.length > 0) {
    out.push(`  ${c.bold('FLOWS')}  ${c.dim('(duration: a whole iteration, think time included)')}`);
    for (const g of groups.flows) out.push(...flowLines(g, (l) => dotted(l, c, LABEL_WIDTH - 2), c.red).map((l) => `    ${l}`));
    out.push('');
  }

  // A 0-s stage is a jump: it moves the target and sends nothing, so it is no line of its own (as in report.html).
  const lasting = s.stages.filter((st) => st.durationS > 0 || st.requests > 0);
  if (lasting.length > 1) {
    const jumps = s.stages.length - lasting.length;
    out.push(`  ${c.bold('STAGES')}${jumps > 0 ? `  ${c.dim(`(${jumps} jump stage${jumps === 1 ? '' : 's'} of 0 s not listed)`)}` : ''}`);
    for (const st of lasting) {
      out.push(`    #${st.index} target ${st.target}  ${formatDurationS(st.durationS)}  ${st.requests} req  ${formatRate(st.rps)}  p95=${c.cyan(formatMs(st.latency.p95))}  failed ${st.failed}${st.dropped ? `  dropped ${st.dropped}` : ''}`);
    }
    out.push('');
  }

  const errors = Object.entries(s.errors);
  if (errors.length > 0) {
    out.push(`  ${c.bold('ERRORS')}`);
    for (const [type, n] of errors) out.push(`    ${dotted(type, c)} ${c.red(String(n))}`);
    out.push('');
  }

  if (s.inference) {
    out.push(`  ${c.bold('INFERENCE')}`, ...inferenceLines(s.inference).map((l) => `    ${l}`), '');
  }

  if (s.preset) {
    const [headline, ...rest] = presetLines(s.preset);
    out.push(`  ${c.bold('PRESET')}  ${headline ?? ''}`, ...rest.map((l) => `  ${l}`), '');
  }

  if (s.scaling) {
    out.push(`  ${c.bold('SCALING')}`);
    for (const line of scalingLines(s.scaling)) out.push(`    ${line.startsWith('!') ? c.red(line) : line}`);
    out.push('');
  }

  if (s.faults && s.faults.length > 0) {
    out.push(`  ${c.bold('FAULTS')}`);
    for (const line of s.faults.map(faultLine)) out.push(`    ${line.startsWith('!') ? c.red(line) : line}`);
    out.push('');
  }

  const { spans } = s.telemetry;
  const lost = spans.dropped > 0 ? c.red(`dropped=${spans.dropped}`) : `dropped=${spans.dropped}`;
  if (!s.telemetry.endpoint && spans.created === 0) {
    out.push(`  ${c.bold('TELEMETRY')}  off ${c.dim('(set OTEL_EXPORTER_OTLP_ENDPOINT to export a span per request and metrics)')}`);
  } else {
    out.push(`  ${c.bold('TELEMETRY')}  spans created=${spans.created} exported=${spans.exported} spilled=${spans.spilled} ${lost}` +
      `${s.telemetry.endpoint ? c.dim(`  → ${s.telemetry.endpoint}`) : ''}`);
  }
  return out.join('\n');
}

function requestLatency(b: BreakdownStats, c: Palette): string {
  return b.requests ? latencyLine(b.latency, c) : c.dim('no requests');
}

function latencyLine(l: LatencyStats, c: Palette): string {
  const parts: [string, number][] = [['avg', l.avg], ['min', l.min], ['med', l.p50], ['p90', l.p90], ['p95', l.p95], ['p99', l.p99], ['max', l.max]];
  return parts.map(([k, v]) => `${k}=${c.cyan(formatMs(v))}`).join(' ');
}

function dotted(label: string, c: Palette, width = LABEL_WIDTH): string {
  const dots = Math.max(2, width - label.length);
  return `${label}${c.dim(` ${'.'.repeat(dots - 1)}`)}:`;
}

interface Palette {
  bold(s: string): string; dim(s: string): string; green(s: string): string; red(s: string): string; cyan(s: string): string;
}

function palette(color: boolean): Palette {
  const wrap = (open: number, close: number) => (s: string): string => (color ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), red: wrap(31, 39), cyan: wrap(36, 39) };
}
