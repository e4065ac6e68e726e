import { FieldType, type DataFrame, type Field } from '@grafana/data';

import { readyReplicasAt, type ReadySteps } from './readyReplicasAt';

/** One failed request span, as the Failed requests table shows it. */
export interface FailedRequestRow {
  traceId: string;
  spanId: string;
  timeMs: number;
  request: string;
  status: string;
  errorType: string;
  durationMs: number;
  pod: string;
  /** Ready replicas of the serving HPA at the failure (Prometheus); undefined when unknown. */
  readyReplicas?: number;
}

/*
 * Tempo's TraceQL search with tableType "spans" answers one frame per query: traceIdHidden,
 * spanID, time (span start, ms), name, duration (unit on the field, ns) and one field per
 * selected attribute, named by the attribute (`loadtest.request.name`, …).
 */
const NAMES = {
  traceId: ['traceIdHidden', 'traceID', 'traceId'],
  spanId: ['spanID', 'spanId'],
  time: ['time', 'startTime'],
  request: ['loadtest.request.name', 'span.loadtest.request.name'],
  spanName: ['name', 'spanName'],
  status: ['http.response.status_code', 'span.http.response.status_code'],
  errorType: ['error.type', 'span.error.type'],
  pod: ['loadtest.target.pod', 'span.loadtest.target.pod'],
  duration: ['duration'],
} as const;

const MS_PER_UNIT: Record<string, number> = { ns: 1e-6, µs: 1e-3, us: 1e-3, ms: 1, s: 1000 };

function field(frame: DataFrame, names: readonly string[]): Field | undefined {
  return frame.fields.find((f) => names.includes(f.name));
}

function text(f: Field | undefined, i: number): string {
  const v: unknown = f?.values[i];
  return v === undefined || v === null ? '' : String(v);
}

/** Tempo's failed request spans, newest first, each joined with the ready replicas at its start. */
export function failedRequestRows(frames: DataFrame[], ready: ReadySteps[] = []): FailedRequestRow[] {
  const rows: FailedRequestRow[] = [];
  for (const frame of frames) {
    const traceId = field(frame, NAMES.traceId);
    if (!traceId) {
      continue;
    }
    const time = field(frame, NAMES.time);
    const duration = field(frame, NAMES.duration);
    const toMs = MS_PER_UNIT[duration?.config.unit ?? 'ns'] ?? 1e-6;
    const f = {
      spanId: field(frame, NAMES.spanId),
      request: field(frame, NAMES.request),
      spanName: field(frame, NAMES.spanName),
      status: field(frame, NAMES.status),
      errorType: field(frame, NAMES.errorType),
      pod: field(frame, NAMES.pod),
    };
    for (let i = 0; i < frame.length; i++) {
      rows.push({
        traceId: text(traceId, i),
        spanId: text(f.spanId, i),
        timeMs:
          time?.type === FieldType.time || time?.type === FieldType.number
            ? Number(time.values[i])
            : Date.parse(text(time, i)),
        request: text(f.request, i) || text(f.spanName, i),
        status: text(f.status, i),
        errorType: text(f.errorType, i),
        durationMs: Number(duration?.values[i] ?? NaN) * toMs,
        pod: text(f.pod, i),
      });
    }
  }
  for (const row of rows) {
    row.readyReplicas = readyReplicasAt(ready, row.timeMs, row.pod);
  }
  return rows.sort((a, b) => b.timeMs - a.timeMs);
}
