import { decodeFromCompressedBase64, encodeIntoCompressedBase64, type JsHistogram } from 'hdr-histogram-js';
import type { SampledFailure } from './failure-sampler';
import type { FlowState } from './flow-recorder';
import type { TimeseriesRow } from './types';

/**
 * A run aggregator's statistics as plain JSON: what a worker thread hands its coordinator and
 * what a shard writes to shard.json. Histograms are HdrHistogram's standard compressed base64
 * encoding (hdr-histogram-js `encodeIntoCompressedBase64`), so merging them is exact.
 */
export interface LatencyState {
  count: number;
  sum: number;
  /** null when count is 0. */
  min: number | null;
  max: number | null;
  /** Microseconds, 3 significant digits, HdrHistogram compressed base64 ('' when count is 0). */
  histogram: string;
  /**
   * Instead of `histogram` (live worker reports): [value µs, count, value µs, count, …] of the
   * non-empty buckets — exact as well, and ~100× cheaper to make and add than the encoding.
   */
  buckets?: number[];
}

/** `hdr`: the standard encoding (shard.json); `buckets`: the cheap in-process form (worker reports). */
export type HistogramFormat = 'hdr' | 'buckets';

export interface BreakdownState {
  requests: number;
  failed: number;
  errors: Record<string, number>;
  latency: LatencyState;
  ttfb: LatencyState;
  scheduleLag: LatencyState;
}

export interface SecondState {
  row: TimeseriesRow;
  latency: LatencyState;
}

export interface AggregatorState {
  /** Epoch ms. */
  startedAt: number;
  total: BreakdownState;
  byName: Record<string, BreakdownState>;
  /** Index = stage; null for a stage that saw no request. */
  byStage: Array<BreakdownState | null>;
  stageStarts: Array<number | null>;
  stageDropped: number[];
  dropped: number;
  bytesReceived: number;
  /** One per timeseries row with that second's latency histogram (empty unless kept). */
  seconds: SecondState[];
  /** The failed requests its FailureSampler kept (absent when none failed). */
  failures?: SampledFailure[];
  /** Per flow (absent when the scenario has no flows). */
  flows?: Record<string, FlowState>;
}

export const encodeHistogram = encodeIntoCompressedBase64;
// Without WebAssembly the decoder always builds a JsHistogram, which JsHistogram.add() needs.
export const decodeHistogram = (encoded: string): JsHistogram => decodeFromCompressedBase64(encoded, 32, false) as JsHistogram;
