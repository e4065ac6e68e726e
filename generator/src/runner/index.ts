export { runScenario, type RunOptions, type RunOutcome } from './run-scenario';
export { newRunId } from './run-id';
export { watchCluster, type WatchOptions, type WatchOutcome } from './watch-cluster';
export { ScalingRequiredError } from './scaling-session';
export { StopSignals } from './stop-signals';
export { buildRunRecorders, requestWeights, type RecorderRole, type RunRecorders, type RunRecordersOptions } from './run-recorders';
