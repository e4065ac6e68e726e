import {
  LABELS,
  runsDurationSeconds,
  runsErrorPercent,
  runsInfo,
  runsLatencyQuantile,
  runsMaxReplicas,
  runsMeanRps,
  runsStart,
  runsWorstScalingLag,
} from '@scaletrace/dashboards';

import { RUNS_SCOPE } from './scopes';

/** One instant query per column of the Runs table; rows join on loadtest_run_id. */
export interface RunsColumn {
  refId: string;
  expr: string;
  title: string;
  unit: string;
}

export const RUNS_COLUMNS: readonly RunsColumn[] = [
  { refId: 'info', expr: runsInfo(RUNS_SCOPE), title: 'info', unit: 'none' },
  // Prometheus answers Unix seconds; Grafana's date units want milliseconds.
  { refId: 'start', expr: `(${runsStart(RUNS_SCOPE)}) * 1000`, title: 'Start', unit: 'dateTimeAsIso' },
  { refId: 'duration', expr: runsDurationSeconds(RUNS_SCOPE), title: 'Duration', unit: 's' },
  { refId: 'rps', expr: runsMeanRps(RUNS_SCOPE), title: 'RPS', unit: 'reqps' },
  { refId: 'p95', expr: runsLatencyQuantile(RUNS_SCOPE, 0.95), title: 'p95', unit: 's' },
  { refId: 'errors', expr: runsErrorPercent(RUNS_SCOPE), title: 'Errors', unit: 'percent' },
  { refId: 'maxReplicas', expr: runsMaxReplicas(RUNS_SCOPE), title: 'Max replicas', unit: 'none' },
  { refId: 'worstLag', expr: runsWorstScalingLag(RUNS_SCOPE), title: 'Worst scaling lag', unit: 's' },
];

/** Label columns of the info query, as the table names them. */
export const RUNS_LABEL_COLUMNS = {
  [LABELS.runId]: 'Run',
  [LABELS.scenario]: 'Scenario',
  [LABELS.runStatus]: 'Thresholds',
  [LABELS.model]: 'Model',
} as const;
