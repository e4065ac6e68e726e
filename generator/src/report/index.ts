/** report.html: one self-contained page (uPlot charts, tables) built from a results directory. */
export { writeReport, REPORT_FILE } from './write-report';
export { reportPage, type ReportPageOptions } from './report-page';
export { readResultsFiles, ResultsDirError, type ResultsFiles } from './results-files';
export { grafanaLinkOptions, traceExploreUrl, ReportOptionError, DEFAULT_TEMPO_UID, type GrafanaLinkOptions } from './grafana-link';
export { chartData, type ChartData } from './chart-data';
export { chartPage, type ChartPageParts } from './chart-page';
export { esc, jsonForScript, scriptText } from './html-escape';
export { REPORT_CSS } from './report-styles';
