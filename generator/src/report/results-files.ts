import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseFailuresJsonl, parseTimeseriesCsv, type FailureLine, type Summary, type TimeseriesRow } from '../results';

/** What a results directory holds, as the report reads it (docs/results.md). */
export interface ResultsFiles {
  dir: string;
  summary: Summary;
  rows: TimeseriesRow[];
  /** Empty when the run wrote no failures.jsonl (older results) or had no failure. */
  failures: FailureLine[];
  /** pod-metrics.csv's memory samples (runs with a `kubernetes:` section); absent or empty otherwise. */
  podMemory?: PodMemorySample[];
}

/** One pod's memory at one metrics poll (pod-metrics.csv). */
export interface PodMemorySample { at: number; pod: string; memoryBytes: number }

export class ResultsDirError extends Error {
  override name = 'ResultsDirError';
}

/** Reads summary.json (required), timeseries.csv and failures.jsonl (optional) from `dir`. */
export async function readResultsFiles(dir: string): Promise<ResultsFiles> {
  const summaryFile = path.join(dir, 'summary.json');
  let summary: Summary;
  try {
    summary = JSON.parse(await readFile(summaryFile, 'utf8')) as Summary;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found (is this a results directory?)' : (error as Error).message;
    throw new ResultsDirError(`${summaryFile}: ${why}`);
  }
  if (summary.schemaVersion !== 1 || typeof summary.run !== 'object') throw new ResultsDirError(`${summaryFile}: not a ScaleTrace summary (schemaVersion 1)`);
  const rows = parseTimeseriesCsv(await readOptional(path.join(dir, 'timeseries.csv')));
  const failures = parseFailuresJsonl(await readOptional(path.join(dir, 'failures.jsonl')));
  const podMemory = parsePodMemory(await readOptional(path.join(dir, 'pod-metrics.csv')));
  return { dir, summary, rows, failures, podMemory };
}

/** `time,pod,cpu_cores,memory_bytes` rows; lines that do not parse are skipped (the charts show gaps). */
export function parsePodMemory(text: string): PodMemorySample[] {
  const out: PodMemorySample[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [time, pod, , memory] = line.split(',');
    const at = Date.parse(time ?? '');
    const memoryBytes = Number(memory);
    if (Number.isFinite(at) && pod !== undefined && memory !== undefined && memory.trim() !== '' && Number.isFinite(memoryBytes)) out.push({ at, pod, memoryBytes });
  }
  return out;
}

async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
