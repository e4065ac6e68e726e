/** Inference-aware results: tokens and time to first chunk for requests with `extract:`. */
export type { InferenceStats } from './inference-stats';
export { InferenceRecorder } from './inference-recorder';
export { inferenceLines, inferenceMarkdown } from './format-inference';
