/** Scenario files: YAML → validated, normalised `Scenario` (errors name file, line and field path). */
export * from './types';
export { ScenarioError } from './errors';
export { loadScenario, parseScenario, type LoadOptions } from './load-scenario';
export { parseDuration, parseDurationRange, formatDuration } from './duration';
export { compileTemplate, TemplateError, type Template, type TemplateContext } from './template';
export { parseThreshold } from './thresholds';
export { describePlan, totalDurationMs } from './describe-plan';
export { DEFAULTS as SCENARIO_DEFAULTS } from './normalize';
