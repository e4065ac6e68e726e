/** Test data for templates (`data:` → `${data.NAME.FIELD}`): data files read once, one row per source per iteration. */
export * from './types';
export { DataFileError } from './errors';
export { readDataSource } from './read-data-source';
export { DataRows, type DataTableLoader } from './data-rows';
export { checkDataFiles, loadDataRows } from './load-data-rows';
