/*
 * The format of recorded-prometheus/*.jsonc: written by the end-to-end test
 * (test/helpers/record-plugin-queries.ts, which imports these types), replayed by prometheusFrames.ts.
 * Types only, no imports, so the root tests can share them without the plugin's dependencies.
 */

/** One query of a panel's request and Prometheus' answer. */
export interface RecordedQuery {
  refId: string;
  /** As the plugin writes it (macros such as $__range unreplaced): the replay matches the plugin's query on it. */
  expr: string;
  instant: boolean;
  format?: 'table';
  /** The Prometheus HTTP API call Grafana's backend makes for it. */
  path: '/api/v1/query' | '/api/v1/query_range';
  /** What Grafana's backend sent to Prometheus: query, time or start/end/step (seconds). */
  params: Record<string, string>;
  /** The response body, unchanged. */
  response: PromResponse;
}

export interface Recording {
  /** Which plugin request this is and how it was recorded. */
  description: string;
  queries: RecordedQuery[];
}

export interface PromSeries {
  metric: Record<string, string>;
  value?: [number, string];
  values?: Array<[number, string]>;
}

/** A Prometheus HTTP API query answer (https://prometheus.io/docs/prometheus/latest/querying/api/). */
export interface PromResponse {
  status: string;
  data: { resultType: string; result: PromSeries[] };
  warnings?: string[];
  infos?: string[];
}
