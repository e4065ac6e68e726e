import { HistogramLogReader, type Histogram, type JsHistogram } from 'hdr-histogram-js';
import { MicrosHistogram } from '../results/micros-histogram';
import type { PodSample, RunFiles } from './read-run';
import { WEIGHTS_COMMENT } from './request-interval-log';

/** `*` stands for all requests together. */
export const ALL_REQUESTS = '*';

export interface StepTable { header: string[]; rows: Array<Array<string | number>> }

interface StepAcc { all: MicrosHistogram; failed: number }

/**
 * One aligned table per run: a row per step and request name (and `*` for all), with the target,
 * achieved rps, exact p50/p95/p99 merged from the per-second histograms, errors, and per HPA the
 * replicas (current/desired/ready at the step's end) and its pods' CPU and memory (the latest
 * metrics.k8s.io poll at or before the step's end). Each second counts in the step its end falls in.
 */
export function stepTable(run: RunFiles, stepMs: number): StepTable {
  const startMs = Date.parse(run.summary.run.startedAt);
  const endMs = Date.parse(run.summary.run.endedAt);
  const steps = Math.max(1, Math.ceil((endMs - startMs) / stepMs));
  const stepOf = (at: number): number => Math.min(steps - 1, Math.max(0, Math.ceil((at - startMs) / stepMs) - 1));
  const names = [...Object.keys(run.summary.requests), ALL_REQUESTS];
  const acc = new Map<string, StepAcc[]>(names.map((n) => [n, Array.from({ length: steps }, () => ({ all: new MicrosHistogram(), failed: 0 }))]));

  const reader = new HistogramLogReader(run.requestLog);
  for (let h: Histogram | null = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
    const [kind, name] = splitTag(h.tag);
    if (name === undefined) continue;
    const k = stepOf(h.endTimeStampMsec);
    for (const target of [name, ALL_REQUESTS]) {
      const cell = acc.get(target)?.[k];
      if (cell === undefined) continue;
      if (kind === 'all') cell.all.add(h as JsHistogram); // the reader decodes to JS histograms (no WebAssembly)
      else if (kind === 'failed') cell.failed += h.totalCount;
    }
  }
  const shares = weightShares(run.requestLog);
  const targets = Array.from({ length: steps }, () => [] as number[]);
  for (const t of run.targets) if (Number.isFinite(t.at)) targets[stepOf(t.at)]?.push(t.target);

  const hpas = run.summary.scaling?.hpas ?? [];
  const header = ['time', 'elapsed_s', 'step_s', 'request', 'target', 'achieved_rps', 'p50_ms', 'p95_ms', 'p99_ms', 'requests', 'errors'];
  for (const h of hpas) header.push(...['current', 'desired', 'ready', 'cpu_cores', 'memory_mib'].map((c) => `hpa_${h.name}_${c}`));

  const rows: StepTable['rows'] = [];
  for (let k = 0; k < steps; k++) {
    const stepStart = startMs + k * stepMs;
    const stepEnd = Math.min(endMs, stepStart + stepMs);
    const seconds = (stepEnd - stepStart) / 1000;
    const meanTarget = mean(targets[k] as number[]);
    const hpaCells = hpas.flatMap((h) => hpaColumns(h, run.podSamples, stepEnd, stepMs));
    for (const name of names) {
      const cell = (acc.get(name) as StepAcc[])[k] as StepAcc;
      const n = cell.all.totalCount;
      const ms = (p: number): number | string => (n === 0 ? '' : round3(cell.all.getValueAtPercentile(p) / 1000));
      const share = name === ALL_REQUESTS ? 1 : shares[name] ?? 0;
      rows.push([
        new Date(stepEnd).toISOString(), round3((stepEnd - startMs) / 1000), round3(seconds), name,
        meanTarget === undefined ? '' : round3(meanTarget * share), seconds > 0 ? round3(n / seconds) : 0,
        ms(50), ms(95), ms(99), n, cell.failed, ...hpaCells,
      ]);
    }
  }
  return { header, rows };
}

export function tableCsv(t: StepTable): string {
  return `${[t.header.join(','), ...t.rows.map((r) => r.join(','))].join('\n')}\n`;
}

type HpaSummary = NonNullable<RunFiles['summary']['scaling']>['hpas'][number];

function hpaColumns(h: HpaSummary, pods: readonly PodSample[], stepEnd: number, stepMs: number): Array<number | string> {
  let state: HpaSummary['timeline'][number] | undefined;
  for (const t of h.timeline) if (Date.parse(t.at) <= stepEnd) state = t;
  // The latest poll at or before the step's end, if it is recent enough to describe this step.
  const prefix = `${h.target.name}-`;
  let pollAt: number | undefined;
  for (const p of pods) if (p.pod.startsWith(prefix) && p.at <= stepEnd && (pollAt === undefined || p.at > pollAt)) pollAt = p.at;
  const fresh = pollAt !== undefined && pollAt > stepEnd - Math.max(stepMs, 60_000);
  const polled = fresh ? pods.filter((p) => p.at === pollAt && p.pod.startsWith(prefix)) : [];
  return [
    state?.current ?? '', state?.desired ?? '', state?.ready ?? '',
    fresh ? round3(polled.reduce((a, p) => a + p.cpuCores, 0)) : '',
    fresh ? Math.round(polled.reduce((a, p) => a + p.memoryBytes, 0) / 1048576 * 10) / 10 : '',
  ];
}

function splitTag(tag: string | undefined): [string, string | undefined] {
  const i = (tag ?? '').indexOf(':');
  return i < 0 ? ['', undefined] : [(tag as string).slice(0, i), (tag as string).slice(i + 1)];
}

function weightShares(log: string): Record<string, number> {
  const line = log.split('\n').find((l) => l.startsWith(`#${WEIGHTS_COMMENT}`));
  try { return line ? JSON.parse(line.slice(WEIGHTS_COMMENT.length + 1)) as Record<string, number> : {}; } catch { return {}; }
}

function mean(values: number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;
