import type { JsHistogram } from 'hdr-histogram-js';
import { decodeHistogram, encodeHistogram, type HistogramFormat } from './aggregator-state';

/**
 * One bare histogram (µs) inside a recorder's state: HdrHistogram's compressed base64 (`hdr`,
 * shard.json) or the [value µs, count, …] pairs of its non-empty buckets (`buckets`, worker
 * reports: far cheaper to make and add). Both are exact; '' or [] when empty.
 */
export type HistogramState = string | number[];

export function histogramState(h: JsHistogram, format: HistogramFormat): HistogramState {
  if (format === 'hdr') return h.totalCount === 0 ? '' : encodeHistogram(h);
  const out: number[] = [];
  if (h.totalCount === 0) return out;
  for (let i = 0, n = h.countsArrayLength; i < n; i++) {
    const c = h.getCountAtIndex(i);
    if (c !== 0) out.push(h.valueFromIndex(i), c);
  }
  return out;
}

/** Adds a HistogramState's counts to `h`, as if its values had been recorded there. */
export function addHistogramState(h: JsHistogram, s: HistogramState): void {
  if (typeof s === 'string') {
    if (s !== '') h.add(decodeHistogram(s));
    return;
  }
  for (let i = 0; i + 1 < s.length; i += 2) h.recordValueWithCount(s[i] as number, s[i + 1] as number);
}
