import { formatDurationS, formatLag, formatMs, formatPct, formatRate } from '../results';
import { checkLine, formatDelta, formatMetric } from './compare-format';
import type { CompareMetric, ComparedRun, Comparison, Deltas, Figures } from './types';

const COLUMNS: CompareMetric[] = ['rps', 'success', 'p50', 'p95', 'p99'];

/** compare.md: the verdict first, then the runs, per request name, scaling lags and presets side by side. */
export function compareMarkdown(c: Comparison): string {
  const out: string[] = [];
  const verdict = c.rules.length === 0 ? 'no rules' : c.failed ? 'FAILED' : 'PASSED';
  out.push(`# ScaleTrace comparison: ${c.runs.length} runs against ${c.baseline} — ${verdict}`, '');
  out.push(`Baseline \`${cell(c.baseline)}\`; deltas are against it. Generated ${c.generatedAt}.`, '');

  out.push('## Rules', '');
  if (c.rules.length === 0) out.push('No `--fail-on` rule given.', '');
  else {
    out.push('| | Rule | Check |', '|---|---|---|');
    for (const r of c.rules) for (const ch of r.checks) out.push(`| ${ch.tripped ? '✗' : '✓'} | \`${cell(r.rule)}\` | ${cell(checkLine(r, ch))} |`);
    out.push('');
  }

  out.push('## Runs', '');
  const metrics: CompareMetric[] = c.runs.some((r) => r.hpas.length > 0) ? [...COLUMNS, 'lag'] : COLUMNS;
  out.push(`| Run | Scenario | Status | Started | Duration | Peak target | Requests | ${metrics.map(columnTitle).join(' | ')} |`);
  out.push(`|---|---|---|---|---:|---:|---:|${'---:|'.repeat(metrics.length)}`);
  for (const r of c.runs) {
    const unit = r.model === 'open' ? '/s' : ' VUs';
    out.push(`| ${runCell(r)} | ${cell(r.scenario)} | ${r.status} | ${r.startedAt} | ${formatDurationS(r.durationS)} | ${r.peakTarget}${unit} | ${r.totals.requests} | ` +
      `${metrics.map((m) => figure(m, r.totals, r.deltas?.totals)).join(' | ')} |`);
  }
  out.push('');

  out.push('## Per request name', '');
  for (const name of c.requestNames) {
    out.push(`### \`${cell(name)}\``, '', `| Run | Requests | ${COLUMNS.map(columnTitle).join(' | ')} |`, `|---|---:|${'---:|'.repeat(COLUMNS.length)}`);
    for (const r of c.runs) {
      const f = r.requests[name];
      if (f === undefined) { out.push(`| ${runCell(r)} | not in this run |${' |'.repeat(COLUMNS.length)}`); continue; }
      out.push(`| ${runCell(r)} | ${f.requests} | ${COLUMNS.map((m) => figure(m, f, r.deltas?.requests[name])).join(' | ')} |`);
    }
    out.push('');
  }

  const scaled = c.runs.filter((r) => r.hpas.length > 0);
  if (scaled.length > 0) {
    out.push('## Scaling lags', '', 'The worst scale-up per HPA (an episode open at the end counts with the time it had taken).', '');
    out.push('| Run | HPA | Scale-ups | Scale-downs | Max replicas | Detection | Actuation | Total | Recovery |', '|---|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of scaled) for (const h of r.hpas) {
      const w = h.worst;
      out.push(`| ${runCell(r)} | ${cell(h.name)} | ${h.scaleUps} | ${h.scaleDowns} | ${h.maxReplicasReached} | ${formatLag(w.detection)} | ${formatLag(w.actuation)} | ${formatLag(w.total)} | ${formatLag(w.recovery)} |`);
    }
    out.push('');
  }
  out.push(...stressMarkdown(c), ...spikeMarkdown(c), ...soakMarkdown(c), ...inferenceMarkdown(c));
  return out.join('\n');
}

function stressMarkdown(c: Comparison): string[] {
  const runs = c.runs.filter((r) => r.preset?.stress !== undefined);
  if (runs.length === 0) return [];
  const out = ['## Stress', '', '| Run | Breaking at target | Last good target | Why |', '|---|---:|---:|---|'];
  for (const r of runs) {
    const s = r.preset?.stress;
    const unit = r.model === 'open' ? '/s' : ' VUs';
    out.push(`| ${runCell(r)} | ${s?.breakingTarget == null ? 'none' : `${s.breakingTarget}${unit}`} | ${s?.lastGoodTarget == null ? 'none' : `${s.lastGoodTarget}${unit}`} | ${cell(s?.reasons.join('; ') ?? '')} |`);
  }
  const targets = [...new Set(runs.flatMap((r) => r.preset?.stress?.curve.map((p) => p.target) ?? []))].sort((a, b) => a - b);
  out.push('', `p95 per step target (success):`, '', `| Target | ${runs.map(runCell).join(' | ')} |`, `|---:|${'---:|'.repeat(runs.length)}`);
  for (const t of targets) {
    const cells = runs.map((r) => {
      const p = r.preset?.stress?.curve.find((q) => q.target === t);
      return p === undefined ? '–' : `${formatMs(p.p95)} (${formatPct(p.successRate)})${p.verdict === 'breaking' ? ' breaking' : ''}`;
    });
    out.push(`| ${t} | ${cells.join(' | ')} |`);
  }
  out.push('');
  return out;
}

function spikeMarkdown(c: Comparison): string[] {
  const runs = c.runs.filter((r) => r.preset?.spike !== undefined);
  if (runs.length === 0) return [];
  const phases = [...new Set(runs.flatMap((r) => r.preset?.spike?.phases.map((p) => p.name) ?? []))];
  const out = ['## Spike phases', '', 'p95 · success · served rate (successful responses per second) of sent per phase.', '', `| Phase | ${runs.map(runCell).join(' | ')} |`, `|---|${'---:|'.repeat(runs.length)}`];
  for (const name of phases) {
    const cells = runs.map((r) => {
      const p = r.preset?.spike?.phases.find((q) => q.name === name);
      return p === undefined ? '–' : `${formatMs(p.p95)} · ${formatPct(p.successRate)} · ${p.served === null ? `${formatRate(p.rps)} sent` : `${formatRate(p.served)} of ${formatRate(p.rps)}`}`;
    });
    out.push(`| ${cell(name)} | ${cells.join(' | ')} |`);
  }
  out.push(`| p95 increase in the spike | ${runs.map((r) => pctText(r.preset?.spike?.spikeIncreasePct ?? null)).join(' | ')} |`);
  out.push(`| time to recover | ${runs.map((r) => (r.preset?.spike?.timeToRecoverS === null ? 'not within the run' : formatLag(r.preset?.spike?.timeToRecoverS))).join(' | ')} |`, '');
  return out;
}

function soakMarkdown(c: Comparison): string[] {
  const runs = c.runs.filter((r) => r.preset?.soak !== undefined);
  if (runs.length === 0) return [];
  const out = ['## Soak drift', '', 'Fitted change over each run (intervals after its warm-up); ✗: beyond the limit, what makes it drifting. The p95 trend is reported, not judged.', '',
    '| Run | Verdict | Intervals fitted | Avg latency | Error rate | Generator memory | p95 |', '|---|---|---:|---:|---:|---:|---:|'];
  for (const r of runs) {
    const s = r.preset?.soak;
    if (s === undefined) continue;
    const judged = (name: string, text: string): string => `${text}${s.exceeded.includes(name) ? ' ✗' : ''}`;
    const err = s.errorRateChange === null ? '–' : `${s.errorRateChange > 0 ? '+' : ''}${(s.errorRateChange * 100).toFixed(2)}pp`;
    out.push(`| ${runCell(r)} | ${s.exceeded.length === 0 ? s.verdict : `${s.verdict} (${s.exceeded.join(', ')})`} | ${s.fittedIntervals} of ${s.intervals} | ` +
      `${judged('avg latency', pctText(s.latencyChangePct))} | ${judged('error rate', err)} | ${judged('generator memory', pctText(s.memoryChangePct))} | ${pctText(s.p95ChangePct)} |`);
  }
  out.push('');
  return out;
}

function inferenceMarkdown(c: Comparison): string[] {
  const runs = c.runs.filter((r) => r.inference !== undefined);
  if (runs.length === 0) return [];
  const out = ['## Inference', '', 'Requests with `extract:`, successful responses only; time per output token: streamed answers only.', '',
    '| Request | Run | Responses | Tokens/s | Tokens/response | Time to first token p95 | Streamed | Time per output token p95 |', '|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const name of [...new Set(runs.flatMap((r) => Object.keys(r.inference ?? {})))]) {
    for (const r of runs) {
      const f = r.inference?.[name];
      if (f === undefined) { out.push(`| \`${cell(name)}\` | ${runCell(r)} | not in this run |${' |'.repeat(5)}`); continue; }
      out.push(`| \`${cell(name)}\` | ${runCell(r)} | ${f.responses} | ${f.tokensPerS ?? '–'} | ${f.tokensPerResponse ?? '–'} | ${f.firstTokenP95 === null ? '–' : formatMs(f.firstTokenP95)} | ` +
        `${f.streamed} | ${f.timePerOutputTokenP95 === null ? '–' : formatMs(f.timePerOutputTokenP95)} |`);
    }
  }
  out.push('');
  return out;
}

/** `rps` is the served rate: the rule's name and what it measures. */
function columnTitle(m: CompareMetric): string {
  return m === 'lag' ? 'Worst scale-up lag' : m === 'rps' ? 'rps (served)' : m;
}

function figure(m: CompareMetric, f: Figures, d: Deltas | undefined): string {
  const delta = formatDelta(m, d?.[m]);
  return `${formatMetric(m, f[m])}${delta === '' ? '' : ` (${delta})`}`;
}

function runCell(r: ComparedRun): string {
  return `\`${cell(r.label)}\`${r.baseline ? ' (baseline)' : ''}`;
}

function pctText(v: number | null): string {
  return v === null ? '–' : `${v > 0 ? '+' : ''}${v}%`;
}

/** Pipes would split a table cell; backticks would end a code span. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\n/g, ' ');
}
