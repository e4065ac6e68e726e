import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readResultsFiles } from './results-files';
import { reportPage, type ReportPageOptions } from './report-page';

export const REPORT_FILE = 'report.html';

/** (Re)builds `dir`/report.html from the result files in `dir`; returns its path and size. */
export async function writeReport(dir: string, opts: ReportPageOptions = {}): Promise<{ file: string; bytes: number }> {
  const files = await readResultsFiles(dir);
  const html = reportPage(files, opts);
  const file = path.join(dir, REPORT_FILE);
  await writeFile(file, html, 'utf8');
  return { file, bytes: Buffer.byteLength(html) };
}
