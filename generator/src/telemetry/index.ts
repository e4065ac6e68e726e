/** Telemetry: the run's OTLP spans and metrics, spill to disk, and replay. */
export { RunTelemetry, type TelemetryOptions, type TelemetryStatus } from './run-telemetry';
export { TelemetryConfigError } from './otlp-config';
export { replaySpill, type ReplayOptions, type ReplayResult } from './replay-spill';
export { LATENCY_BOUNDS_S, SCHEDULE_LAG_BOUNDS_S } from './histogram-buckets';
export { KubeSignals, type HpaObservation, type ScaleTargetObservation, type PodMetricsObservation, type KubeLogObservation, type EpisodeObservation } from './kube-signals';
export type { LogEntry, LogAccounting, LogSeverity } from './log-export';
export { requestSpanDetails } from './request-span';
