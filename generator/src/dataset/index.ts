/** Training-data export (`scaletrace dataset`): per-step tables from a run's results, and the files runs write for it. */
export { RequestIntervalLog, REQUEST_LOG_FILE, WEIGHTS_COMMENT, tagOf } from './request-interval-log';
export { PodMetricsLog, POD_METRICS_FILE, POD_METRICS_HEADER } from './pod-metrics-log';
export { exportDataset, analysisLines, DEFAULT_STEP_MS, type DatasetExport } from './export-dataset';
export { analyzeReplicas, type ReplicaAnalysis, type ReplicaPoint } from './replica-analysis';
export { stepTable, tableCsv, ALL_REQUESTS, type StepTable } from './step-table';
export { readRun, DatasetInputError, type RunFiles } from './read-run';
