import { LABELS as L, SPANMETRICS as SM } from './names';
import { eq, selector } from './selector';
import type { RunScope } from './scope';

/*
 * From the collector's spanmetrics connector: the same client latency as the generator's own
 * histogram, but with exemplars (trace ids) so a latency point opens its trace in Tempo.
 */

/** Client-span latency quantile in seconds, exemplars on (the connector's unit is seconds, like its exemplars). */
export function clientSpanLatencyQuantile(s: RunScope, q: number): string {
  const m = selector(`${SM.duration}_bucket`, eq(L.runId, s.runId), eq(L.spanKind, SM.clientKind));
  return `histogram_quantile(${q}, sum by (le) (rate(${m}[${s.interval}])))`;
}

/** Failed client spans per second by span name. */
export function clientSpanErrorRate(s: RunScope): string {
  const m = selector(SM.calls, eq(L.runId, s.runId), eq(L.spanKind, SM.clientKind), eq(L.spanStatusCode, SM.errorStatus));
  return `sum by (span_name) (rate(${m}[${s.interval}]))`;
}
