import type { EngineGauges, LoadShare, RunOutcome } from '../engine';
import type { RecorderStates, SpanAccounting } from '../results';
import type { Scenario } from '../scenario';

/** What a worker thread is given (workerData): its share of the plan and its own telemetry identity. */
export interface WorkerSetup {
  scenario: Scenario;
  share: LoadShare;
  runId: string;
  /** `loadtest.worker.index`: unique across the shards and workers of a run. */
  workerIndex: number;
  spillDir: string;
  /** How often the worker reports its latest requests to the coordinator. */
  reportEveryMs: number;
}

export type ToWorker =
  /** Start the plan at this epoch ms (shared by all workers). */
  | { type: 'start'; at: number }
  /** Ctrl-C: no new requests, drain in-flight ones. */
  | { type: 'stop' }
  /** Second Ctrl-C: cancel in-flight requests. */
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  /**
   * Everything each recorder recorded since the previous report (the run's recorder list, by key),
   * plus live gauges and stages that began. `at`: when it was taken (the engine's clock): every
   * request that completed before it is in this report or an earlier one.
   */
  | { type: 'report'; at: number; states: RecorderStates; gauges: EngineGauges; stages: Array<{ stage: number; at: number }> }
  /**
   * Its load is over (its last request completed, or its schedule ended with none in flight); the
   * last report came before this. Its telemetry is flushed after, and may take an export timeout.
   */
  | { type: 'ended'; outcome: RunOutcome }
  /** Its telemetry is flushed. */
  | { type: 'done'; spans: SpanAccounting }
  | { type: 'failed'; message: string };
