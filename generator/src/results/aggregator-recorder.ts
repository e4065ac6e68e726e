import type { FlowRecord, RequestRecord } from '../engine';
import type { AggregatorState } from './aggregator-state';
import type { RunAggregator } from './run-aggregator';
import type { RunRecorder } from './run-recorder';

/**
 * The RunAggregator as one of the run's recorders. `live`: absorbed states are a worker's latest
 * requests, counted into the open second (absorbLive); `whole`: a shard's whole run, its seconds
 * merged by position (absorb). take() hands over the aggregator and starts a fresh one.
 */
export class AggregatorRecorder implements RunRecorder<'aggregator'> {
  readonly key = 'aggregator';
  private aggregator: RunAggregator;

  constructor(private readonly fresh: () => RunAggregator, private readonly absorbs: 'live' | 'whole') {
    this.aggregator = fresh();
  }

  /** The aggregator now recording (a new one after each take()). */
  get current(): RunAggregator {
    return this.aggregator;
  }

  onRequest(record: RequestRecord): void {
    this.aggregator.onRequest(record);
  }

  onDropped(stage: number, at: number): void {
    this.aggregator.onDropped(stage, at);
  }

  onStage(stage: number, at: number): void {
    this.aggregator.onStage(stage, at);
  }

  onFlow(record: FlowRecord): void {
    this.aggregator.onFlow(record);
  }

  take(): AggregatorState {
    // Buckets, not the HDR encoding: made and added far faster, as exact.
    const state = this.aggregator.state('buckets');
    this.aggregator = this.fresh();
    return state;
  }

  state(): AggregatorState {
    return this.aggregator.state();
  }

  absorb(state: AggregatorState): void {
    if (this.absorbs === 'live') this.aggregator.absorbLive(state);
    else this.aggregator.absorb(state);
  }
}
