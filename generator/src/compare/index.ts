/** `scaletrace compare`: runs side by side, deltas against a baseline, `--fail-on` rules (a CI gate). */
export * from './types';
export { loadRuns, runLabels, CompareInputError, type LoadedRun } from './load-runs';
export { compareRuns, presetFigures } from './compare-runs';
export { parseFailRules, parseFailRule } from './fail-rules';
export { evaluateRules, ruleValue } from './evaluate-rules';
export { delta, deltas } from './deltas';
export { compareMarkdown } from './compare-markdown';
export { comparePage } from './compare-page';
export { compareChartData, type CompareChartData } from './compare-chart-data';
export { checkLine, formatMetric, formatDelta } from './compare-format';
export { writeComparison, COMPARE_FILES } from './write-compare';
export { compareLines } from './compare-console';
