/** Preset reports: per-phase stats, the spike comparison, the stress breaking point, the soak drift. */
export * from './preset-report';
export { IntervalBucket, PhaseRecorder, ScopeStats, type IntervalState, type PhaseRecorderState, type ScopeState } from './phase-recorder';
export { StressWatch } from './stress-watch';
export { buildPresetReport, type PresetReportInput } from './build-preset-report';
export { presetLines } from './format-preset';
export { presetMarkdown } from './preset-markdown';
export { breakingReasons, stressReport, type LiveBreak } from './stress-analysis';
export { podMemoryByInterval, soakReport, type PodMemoryPoint } from './soak-analysis';
export { spikeReport } from './spike-analysis';
export { leastSquares } from './trend';
