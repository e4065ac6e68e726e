import { FieldType, toDataFrame } from '@grafana/data';

/** A frame shaped like Tempo's TraceQL search with tableType "spans". */
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
) {
  return toDataFrame({
    refId: 'failed',
    name: 'Spans',
    fields: [
      {
        name: 'traceIdHidden',
        type: FieldType.string,
        values: rows.map((r) => r.traceId),
        config: { custom: { hidden: true } },
      },
      { name: 'spanID', type: FieldType.string, values: rows.map((_, i) => `span${i}`) },
      { name: 'time', type: FieldType.time, values: rows.map((r) => r.time) },
      { name: 'name', type: FieldType.string, values: rows.map(() => 'GET predict') },
      { name: 'loadtest.request.name', type: FieldType.string, values: rows.map((r) => r.request ?? '') },
      { name: 'http.response.status_code', type: FieldType.string, values: rows.map((r) => r.status ?? '') },
      { name: 'error.type', type: FieldType.string, values: rows.map((r) => r.errorType) },
      { name: 'loadtest.target.pod', type: FieldType.string, values: rows.map((r) => r.pod) },
      { name: 'duration', type: FieldType.number, values: rows.map((r) => r.durationNs), config: { unit: 'ns' } },
    ],
  });
}
