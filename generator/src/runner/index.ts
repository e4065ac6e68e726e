export { runScenario, type RunOptions, type RunOutcome } from './run-scenario';
export { newRunId } from './run-id';
