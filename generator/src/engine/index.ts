/** The load engine: turns a Scenario into HTTP requests and one RequestRecord per request. */
export * from './types';
export { LoadEngine, type EngineOptions, type RunOutcome } from './load-engine';
export { classifyError } from './classify-error';
export { redactUrl, redactUrlsInText } from './redact-url';
export { newTraceIds } from './trace-ids';
export { WHOLE_LOAD, composeShares, formatShare, iterationsShareOf, shareOf, type LoadShare } from './load-share';
