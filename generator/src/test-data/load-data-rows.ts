import type { LoadShare } from '../engine';
import type { DataSourceSpec } from '../scenario';
import { DataRows } from './data-rows';
import { readDataSource } from './read-data-source';
import type { DataTable } from './types';

/** Tables read in this thread, by format and file: the CLI's check before the run and the engine share them. */
const readInThisThread = new Map<string, DataTable>();

function tableOf(spec: DataSourceSpec): DataTable {
  const key = `${spec.format}:${spec.file}`;
  let table = readInThisThread.get(key);
  if (!table) {
    table = readDataSource(spec);
    readInThisThread.set(key, table);
  }
  return table;
}

/**
 * Reads every `data:` file once (two sources naming the same file share its rows) and builds this
 * share's picker. Each worker thread calls it itself: rows are read per thread, never sent
 * through workerData.
 */
export function loadDataRows(specs: readonly DataSourceSpec[], share: LoadShare): DataRows {
  return new DataRows(specs, tableOf, share);
}

/**
 * Reads every `data:` file now, so a bad file stops `run` / `validate` with its file:line error
 * (exit 2) before any worker starts; a run in this thread then reuses what was read.
 */
export function checkDataFiles(specs: readonly DataSourceSpec[]): void {
  for (const spec of specs) tableOf(spec);
}
