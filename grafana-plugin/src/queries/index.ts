export { RANGE, RATE_INTERVAL, RUNS_SCOPE, SCALING_SCOPE, runHpaScope, runScope } from './scopes';
export { RUNS_COLUMNS, RUNS_LABEL_COLUMNS, type RunsColumn } from './runsTable';
