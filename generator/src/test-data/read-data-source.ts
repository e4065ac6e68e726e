import * as fs from 'node:fs';
import type { DataSourceSpec } from '../scenario';
import { parseCsv } from './csv-table';
import { DataFileError } from './errors';
import { parseJsonLines } from './jsonl-table';
import type { DataTable } from './types';

/** Reads one `data:` file whole (CSV with a header row, or JSON lines); problems are `DataFileError`s. */
export function readDataSource(spec: Pick<DataSourceSpec, 'file' | 'format'>): DataTable {
  let text: string;
  try {
    text = fs.readFileSync(spec.file, 'utf8');
  } catch (err) {
    throw new DataFileError(spec.file, undefined, `cannot read the file (${readProblem(err)})`);
  }
  return spec.format === 'csv' ? parseCsv(spec.file, text) : parseJsonLines(spec.file, text);
}

function readProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return code ?? String(err);
}
