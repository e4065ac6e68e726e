import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Summary } from '../results';
import { POD_METRICS_FILE } from './pod-metrics-log';
import { REQUEST_LOG_FILE } from './request-interval-log';

/** A results directory that cannot feed a dataset; the CLI prints it and exits 2. */
export class DatasetInputError extends Error {
  override name = 'DatasetInputError';
}

export interface PodSample { at: number; pod: string; cpuCores: number; memoryBytes: number }

/** What `scaletrace dataset` reads from one run's results directory. */
export interface RunFiles {
  dir: string;
  summary: Summary;
  /** timeseries.csv rows: bucket end (epoch ms) and the target (req/s or VUs) at that second. */
  targets: Array<{ at: number; target: number }>;
  requestLog: string;
  podSamples: PodSample[];
}

export function readRun(dir: string): RunFiles {
  const file = (name: string): string => path.join(dir, name);
  if (!existsSync(file('summary.json'))) throw new DatasetInputError(`${dir}: not a scaletrace results directory (no summary.json)`);
  let summary: Summary;
  try {
    summary = JSON.parse(readFileSync(file('summary.json'), 'utf8')) as Summary;
  } catch (error) {
    throw new DatasetInputError(`${file('summary.json')}: not valid JSON (${(error as Error).message})`);
  }
  if (!existsSync(file(REQUEST_LOG_FILE))) {
    throw new DatasetInputError(`${dir}: no ${REQUEST_LOG_FILE} (per-second histograms per request, written by scaletrace run since the dataset command exists); re-run the scenario`);
  }
  return {
    dir, summary,
    targets: readCsv(file('timeseries.csv')).map((r) => ({ at: Date.parse(r.time ?? ''), target: Number(r.target) })),
    requestLog: readFileSync(file(REQUEST_LOG_FILE), 'utf8'),
    podSamples: existsSync(file(POD_METRICS_FILE))
      ? readCsv(file(POD_METRICS_FILE)).map((r) => ({ at: Date.parse(r.time ?? ''), pod: r.pod ?? '', cpuCores: Number(r.cpu_cores), memoryBytes: Number(r.memory_bytes) }))
      : [],
  };
}

/** A CSV without quoting (ScaleTrace writes none), read by its header so added columns do not matter. */
function readCsv(file: string): Array<Record<string, string>> {
  if (!existsSync(file)) return [];
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const names = (header ?? '').split(',');
  return lines.filter(Boolean).map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}
