/** Scenario files: YAML → validated, normalised `Scenario` (errors name file, line and field path). */
export * from './types';
export { ScenarioError } from './errors';
export { loadScenario, parseScenario, type LoadOptions } from './load-scenario';
export { parseDuration, parseDurationRange, formatDuration } from './duration';
export { compileTemplate, templateReferences, TemplateError, type Template, type TemplateContext, type TemplateOptions } from './template';
export { parseThreshold } from './thresholds';
export { describeLoad, describePlan, totalDurationMs } from './describe-plan';
export { DEFAULTS as SCENARIO_DEFAULTS } from './normalize';
// The YAML + zod error machinery, for other YAML inputs (e.g. matrix files) to report file:line: path the same way.
export { YamlSource } from './yaml-source';
export { issueToError, pickIssue } from './zod-issues';
export { duration as durationSchema, durationRange as durationRangeSchema, k8sName as k8sNameSchema, httpUrl as httpUrlSchema } from './schema';
export * from './presets';
