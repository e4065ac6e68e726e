/** `scaletrace matrix`: replicas × load levels × request mixes, each cell pinned, run and recorded. */
export * from './types';
export { loadMatrix, parseMatrix, matrixCells, cellScenario, MATRIX_DEFAULTS } from './load-matrix';
export { runMatrix, type MatrixRunOptions, type MatrixOutcome } from './run-matrix';
export { MATRIX_CSV_HEADER, matrixCsv } from './matrix-csv';
export { matrixFindings, goodRps, PAYS, type MatrixFindings } from './matrix-findings';
export { matrixMarkdown } from './matrix-markdown';
