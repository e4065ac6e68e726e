/** Inference-aware results: tokens and time to first chunk for requests with `extract:`. */
export type { InferenceStats } from './inference-stats';
export { InferenceRecorder, type InferenceNameState, type InferenceState } from './inference-recorder';
export { inferenceLines, inferenceMarkdown } from './format-inference';
