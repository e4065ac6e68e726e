import type { FlowRecord, RequestRecord, RunObserver } from '../engine';
import type { AggregatorState } from './aggregator-state';
import type { InferenceState } from './inference/inference-recorder';
import type { PhaseRecorderState } from './presets/phase-recorder';
import type { RequestSecondsState } from './request-seconds';

/**
 * Each recorder's state by its key: what a worker thread reports and what shard.json keeps.
 * Plain data (JSON- and structured-clone-safe); histograms exact (LatencyState, HistogramState).
 */
export interface RecorderStates {
  aggregator?: AggregatorState;
  preset?: PhaseRecorderState;
  inference?: InferenceState;
  requestLog?: RequestSecondsState;
  // A new recorder (e.g. one fed by RunObserver.onFlow) is one more key here and one more entry in runner/run-recorders.ts.
}

export type RecorderKey = keyof RecorderStates;
export type StateOf<K extends RecorderKey> = NonNullable<RecorderStates[K]>;

/**
 * A run observer whose statistics can be split and added back exactly: worker threads `take()`
 * what they recorded and the coordinator `absorb()`s it; shards write `state()` and `scaletrace
 * merge` absorbs each. The numbers then equal those of one thread recording every request.
 */
export interface RunRecorder<K extends RecorderKey = RecorderKey> extends RunObserver {
  readonly key: K;
  /** What was recorded since the previous take() (a worker's report); it is no longer held here. */
  take(): StateOf<K>;
  /** Everything held (shard.json). */
  state(): StateOf<K>;
  /** Another recorder's take() or state() (a worker's, a shard's), as if recorded here. */
  absorb(state: StateOf<K>): void;
}

/** The run's recorders as one observer: every engine event goes to each, states travel as one object. */
export class RecorderSet implements RunObserver {
  constructor(readonly recorders: readonly RunRecorder[]) {}

  onRequest(record: RequestRecord): void {
    const list = this.recorders;
    for (let i = 0; i < list.length; i++) (list[i] as RunRecorder).onRequest(record);
  }

  onDropped(stage: number, at: number): void {
    for (const r of this.recorders) r.onDropped(stage, at);
  }

  onStage(stage: number, at: number): void {
    for (const r of this.recorders) r.onStage(stage, at);
  }

  onFlow(record: FlowRecord): void {
    for (const r of this.recorders) r.onFlow(record);
  }

  take(): RecorderStates {
    return this.collect((r) => r.take());
  }

  state(): RecorderStates {
    return this.collect((r) => r.state());
  }

  /** Each recorder absorbs its key's state; keys without a recorder here (or absent) are skipped. */
  absorb(states: RecorderStates): void {
    for (const r of this.recorders) {
      const s = states[r.key];
      if (s !== undefined) r.absorb(s);
    }
  }

  private collect(of: (r: RunRecorder) => unknown): RecorderStates {
    const out: Record<string, unknown> = {};
    for (const r of this.recorders) out[r.key] = of(r);
    return out as RecorderStates;
  }
}
