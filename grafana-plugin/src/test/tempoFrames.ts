import { createDataFrame, FieldType, type DataFrame, type FieldDTO } from '@grafana/data';

/*
 * Tempo's TraceQL search answer (GET /api/search) and the frame Grafana's Tempo data source builds
 * from it for `tableType: 'spans'`. No npm package carries that transform (it lives in Grafana's
 * public/app/plugins/datasource/tempo/resultTransformer.ts, createTableFrameFromTraceQlQueryAsSpans),
 * so this mirrors it field for field:
 * - traceIdHidden (hidden), traceService, traceName, spanID (a link to the trace, focused on the
 *   span), time (span start, ms), name, then one STRING field per attribute, sorted by key, then
 *   duration (number, unit ns);
 * - attribute values are copied as they arrive and only when truthy, so a 0 or false is lost: over
 *   HTTP an int is a JSON string ("12", and "0" survives), over Grafana's streaming search (Go's
 *   encoding/json of tempopb, `omitempty`) an int or double is a number and 0 is left out.
 */

type AttributeValue = string | number | boolean;

/** AnyValue as Tempo serializes it: OTLP JSON over HTTP, Go field names over the streaming search. */
interface AnyValue {
  stringValue?: string;
  intValue?: string;
  doubleValue?: number;
  boolValue?: boolean;
  Value?: { string_value?: string; int_value?: number; double_value?: number; bool_value?: boolean };
}

export interface TempoSearchSpan {
  spanID: string;
  name?: string;
  startTimeUnixNano: string;
  durationNanos: string;
  attributes?: Array<{ key: string; value: AnyValue }>;
}

export interface TempoSearchTrace {
  traceID: string;
  rootServiceName?: string;
  rootTraceName?: string;
  startTimeUnixNano: string;
  spanSets: Array<{ spans: TempoSearchSpan[] }>;
}

/** Unix nanoseconds as Tempo writes them (a decimal string) for a whole-millisecond time. */
export const unixNanos = (ms: number): string => `${ms}000000`;

export type TempoEncoding = 'http' | 'stream';

/** One attribute as the OTel JS exporter sends it (integers as intValue) and Tempo returns it. */
export function tempoAttribute(key: string, v: AttributeValue, encoding: TempoEncoding = 'http') {
  const kind =
    typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : Number.isInteger(v) ? 'int' : 'double';
  if (encoding === 'stream') {
    // encoding/json with `omitempty`: zero values vanish.
    return { key, value: { Value: v ? { [`${kind}_value`]: v } : {} } };
  }
  return { key, value: { [`${kind}Value`]: kind === 'int' ? String(v) : v } };
}

export function tempoSpan(s: {
  spanId: string;
  name: string;
  startMs: number;
  durationNs: number;
  attributes: Record<string, AttributeValue | undefined>;
  encoding?: TempoEncoding;
}): TempoSearchSpan {
  return {
    spanID: s.spanId,
    name: s.name,
    startTimeUnixNano: unixNanos(s.startMs),
    durationNanos: String(s.durationNs),
    attributes: Object.entries(s.attributes).flatMap(([k, v]) =>
      v === undefined ? [] : [tempoAttribute(k, v, s.encoding)]
    ),
  };
}

/** The span attributes Tempo returns for a TraceQL query: those its filters and select() name. */
export function tempoReturnedAttributes<T>(query: string, attributes: Record<string, T>): Record<string, T> {
  const named = new Set([...query.matchAll(/span\."([^"]+)"/g)].map((m) => m[1]));
  return Object.fromEntries(Object.entries(attributes).filter(([k]) => named.has(k)));
}

const TEMPO = { uid: 'tempo-1', name: 'Tempo' };

function attributeValue(value: AnyValue): AttributeValue | undefined {
  let out: AttributeValue | undefined;
  // Grafana's checks, in its order: truthiness, so 0, false and '' are dropped.
  if (value.boolValue || value.Value?.bool_value) {
    out = value.boolValue || value.Value?.bool_value;
  }
  if (value.doubleValue || value.Value?.double_value) {
    out = value.doubleValue || value.Value?.double_value;
  }
  if (value.intValue || value.Value?.int_value) {
    out = value.intValue || value.Value?.int_value;
  }
  if (value.stringValue || value.Value?.string_value) {
    out = value.stringValue || value.Value?.string_value;
  }
  return out;
}

/** The frame Grafana's Tempo data source returns for a TraceQL search with tableType "spans". */
export function tempoSpanTable(traces: TempoSearchTrace[], refId: string): DataFrame {
  const spans = [...traces]
    .sort((a, b) => Number(b.startTimeUnixNano) - Number(a.startTimeUnixNano))
    .flatMap((trace) => trace.spanSets.flatMap((ss) => ss.spans.map((span) => ({ trace, span }))));
  const keys = [...new Set(spans.flatMap(({ span }) => (span.attributes ?? []).map((a) => a.key)))].sort((a, b) =>
    a.localeCompare(b)
  );
  const attrs = spans.map(({ span }) =>
    Object.fromEntries((span.attributes ?? []).map((a) => [a.key, attributeValue(a.value)]))
  );
  const column = (name: string, type: FieldType, values: unknown[], config: FieldDTO['config'] = {}): FieldDTO => ({
    name,
    type,
    values,
    config,
  });
  return createDataFrame({
    name: 'Spans',
    refId,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      column(
        'traceIdHidden',
        FieldType.string,
        spans.map(({ trace }) => trace.traceID),
        { custom: { hidden: true } }
      ),
      column(
        'traceService',
        FieldType.string,
        spans.map(({ trace }) => trace.rootServiceName ?? ''),
        {
          displayNameFromDS: 'Trace Service',
        }
      ),
      column(
        'traceName',
        FieldType.string,
        spans.map(({ trace }) => trace.rootTraceName ?? ''),
        {
          displayNameFromDS: 'Trace Name',
        }
      ),
      column(
        'spanID',
        FieldType.string,
        spans.map(({ span }) => span.spanID),
        {
          unit: 'string',
          displayNameFromDS: 'Span ID',
          links: [
            {
              title: 'Span: ${__value.raw}',
              url: '',
              internal: {
                datasourceUid: TEMPO.uid,
                datasourceName: TEMPO.name,
                query: { query: '${__data.fields.traceIdHidden}', queryType: 'traceql' },
                panelsState: { trace: { spanId: '${__value.raw}' } },
              },
            },
          ],
        }
      ),
      column(
        'time',
        FieldType.time,
        spans.map(({ span }) => parseInt(span.startTimeUnixNano, 10) / 1e6),
        {
          displayNameFromDS: 'Start time',
        }
      ),
      column(
        'name',
        FieldType.string,
        spans.map(({ span }) => span.name),
        {
          displayNameFromDS: 'Name',
          custom: { hidden: !spans.some(({ span }) => span.name) },
        }
      ),
      ...keys.map((k) =>
        column(
          k,
          FieldType.string,
          attrs.map((a) => a[k]),
          { displayNameFromDS: k }
        )
      ),
      column(
        'duration',
        FieldType.number,
        spans.map(({ span }) => parseInt(span.durationNanos, 10)),
        {
          displayNameFromDS: 'Duration',
          unit: 'ns',
        }
      ),
    ],
  });
}

/** Failed request spans (one per trace: each request starts its own), as the Failed requests table reads them. */
export function tempoSpansFrame(
  rows: Array<{
    traceId: string;
    time: number;
    request?: string;
    status?: string;
    errorType: string;
    durationNs: number;
    pod: string;
  }>
): DataFrame {
  return tempoSpanTable(
    rows.map((r, i) => ({
      traceID: r.traceId,
      rootServiceName: 'scaletrace',
      rootTraceName: 'GET predict',
      startTimeUnixNano: unixNanos(r.time),
      spanSets: [
        {
          spans: [
            tempoSpan({
              spanId: `span${i}`,
              name: 'GET predict',
              startMs: r.time,
              durationNs: r.durationNs,
              attributes: {
                'loadtest.request.name': r.request,
                'http.response.status_code': r.status === undefined ? undefined : Number(r.status),
                'error.type': r.errorType,
                'loadtest.target.pod': r.pod,
              },
            }),
          ],
        },
      ],
    })),
    'failed'
  );
}
