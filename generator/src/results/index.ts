/** Run results: exact (HDR) statistics, thresholds, summary files, the end summary and the progress line. */
export * from './types';
export { RunAggregator, type RunAggregatorOptions, type SummaryMeta } from './run-aggregator';
export { evaluateThresholds, thresholdUnit, type ThresholdInput } from './thresholds';
export { writeResults } from './write-results';
export { formatSummary, type FormatOptions } from './format-summary';
export { ProgressReporter, type ProgressOptions } from './progress-reporter';
export { statusForExit, EXIT_PASSED, EXIT_THRESHOLDS_FAILED, EXIT_INTERRUPTED } from './exit-status';
export { SUMMARY_CSV_HEADER, summaryCsv } from './summary-csv';
export { TIMESERIES_CSV_HEADER, timeseriesCsv } from './timeseries-csv';
export { summaryMarkdown } from './summary-markdown';
export { recoveryLagS, RECOVERY_WINDOW_S } from './recovery-lag';
export { formatLag, scalingLines, scalingMarkdown, episodeLine } from './format-scaling';
export * from './presets';
export * from './inference';
export { faultLine, faultsMarkdown } from './format-faults';
export type { AggregatorState, BreakdownState, HistogramFormat, LatencyState, SecondState } from './aggregator-state';
export { sumSpanAccounting } from './span-accounting';
