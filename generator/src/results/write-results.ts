import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Summary, TimeseriesRow } from './types';
import { summaryCsv } from './summary-csv';
import { summaryMarkdown } from './summary-markdown';
import { timeseriesCsv } from './timeseries-csv';
import { failuresJsonl, type FailureLine } from './failures-jsonl';
import { makeOutDir } from './out-dir';

/** Writes summary.json, summary.md, summary.csv, timeseries.csv and failures.jsonl into `dir`; returns their paths. */
export async function writeResults(dir: string, summary: Summary, rows: readonly TimeseriesRow[], failures: readonly FailureLine[] = []): Promise<string[]> {
  await makeOutDir(dir);
  const files: [string, string][] = [
    ['summary.json', `${JSON.stringify(summary, null, 2)}\n`],
    ['summary.md', summaryMarkdown(summary)],
    ['summary.csv', summaryCsv(summary)],
    ['timeseries.csv', timeseriesCsv(rows)],
    ['failures.jsonl', failuresJsonl(failures)],
  ];
  return Promise.all(files.map(async ([name, text]) => {
    const file = path.join(dir, name);
    await writeFile(file, text, 'utf8');
    return file;
  }));
}
