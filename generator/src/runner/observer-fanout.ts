import type { FlowRecord, RequestRecord, RunObserver } from '../engine';

/** Hands each engine event to every observer; a fixed pair of fields keeps the hot path monomorphic. */
export class ObserverFanout implements RunObserver {
  constructor(private readonly first: RunObserver, private readonly second: RunObserver) {}

  onRequest(record: RequestRecord): void {
    this.first.onRequest(record);
    this.second.onRequest(record);
  }

  onDropped(stage: number, at: number): void {
    this.first.onDropped(stage, at);
    this.second.onDropped(stage, at);
  }

  onStage(stage: number, at: number): void {
    this.first.onStage(stage, at);
    this.second.onStage(stage, at);
  }

  onFlow(record: FlowRecord): void {
    this.first.onFlow(record);
    this.second.onFlow(record);
  }
}
