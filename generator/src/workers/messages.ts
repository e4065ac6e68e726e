import type { EngineGauges, LoadShare } from '../engine';
import type { AggregatorState, SpanAccounting } from '../results';
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
  /** Everything recorded since the previous report, plus live gauges and stages that began. */
  | { type: 'report'; state: AggregatorState; gauges: EngineGauges; stages: Array<{ stage: number; at: number }> }
  /** Its telemetry is flushed; the last report came before this. */
  | { type: 'done'; spans: SpanAccounting }
  | { type: 'failed'; message: string };
