import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type SpanContext } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { redactUrlsInText, type RequestRecord } from '../engine';
import type { FailureSpanDetails } from '../results';
import { finishedSpan, OK_STATUS } from './finished-span';
import { msToHrTime } from './hr-time';
import { addTagAttributes } from './tag-attributes';

/**
 * The CLIENT span of one request, built from its record at export time (finished-span.ts).
 * Start is the *intended* send time, so the span's duration is the coordinated-omission-corrected
 * latency the summary reports.
 * A flow step's span is the child of its iteration's `flow NAME` span (flow-span.ts).
 */
export function requestSpan(r: RequestRecord, runId: string, resource: Resource): ReadableSpan {
  const startTime = msToHrTime(r.intendedStart);
  const endTime = msToHrTime(r.end);
  const context: SpanContext = { traceId: r.traceId, spanId: r.spanId, traceFlags: TraceFlags.SAMPLED };
  const parent: SpanContext | undefined = r.parentSpanId === undefined ? undefined
    : { traceId: r.traceId, spanId: r.parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: false };
  return finishedSpan({
    name: `${r.method} ${r.name}`,
    kind: SpanKind.CLIENT,
    context,
    parent,
    startTime,
    endTime,
    status: r.errorType === undefined ? OK_STATUS : { code: SpanStatusCode.ERROR, message: statusMessage(r) },
    attributes: requestAttributes(r, runId),
  }, resource);
}

/**
 * The contract's request-span attributes (docs/telemetry.md). request-span-encoder.ts writes the
 * same keys in this order for records without pod, flow, check, excerpt or tags; its test compares
 * the bytes with these, so a change here must be made there too.
 */
export function requestAttributes(r: RequestRecord, runId: string): Attributes {
  const a = definitionAttributes(r, runId);
  a['loadtest.stage'] = r.stage;
  a['loadtest.vu'] = r.vu;
  a['loadtest.schedule_lag_ms'] = roundMs(r.start - r.intendedStart);
  if (r.status > 0) a['http.response.status_code'] = r.status;
  if (r.errorType !== undefined) a['error.type'] = r.errorType;
  if (r.targetPod !== undefined) a['loadtest.target.pod'] = r.targetPod;
  if (r.ttfb !== undefined) a['loadtest.ttfb_ms'] = roundMs(r.ttfb - r.intendedStart);
  if (r.flow !== undefined) a['loadtest.flow.name'] = r.flow;
  // Both already redacted by the engine; request headers (Authorization, Cookie) are never attributes.
  if (r.check !== undefined) a['loadtest.check.failed'] = redactUrlsInText(r.check);
  if (r.bodyExcerpt !== undefined) a['loadtest.response.body_excerpt'] = r.bodyExcerpt;
  addTagAttributes(a, r.tags);
  return a;
}

/**
 * The first six request-span attributes: the same for every request of a definition (unless its
 * url is templated), so request-span-encoder.ts encodes them once.
 */
export function definitionAttributes(r: RequestRecord, runId: string): Attributes {
  return {
    'http.request.method': r.method,
    'url.full': r.url,
    'server.address': r.serverAddress,
    'server.port': r.serverPort,
    'loadtest.run.id': runId,
    'loadtest.request.name': r.name,
  };
}

/** A failed request's status message: the check that failed when one did, else the engine's message. */
export function statusMessage(r: RequestRecord): string {
  if (r.check !== undefined) return redactUrlsInText(`${r.errorType ?? 'check failed'}: ${r.check}`);
  return redactUrlsInText(r.errorMessage ?? r.errorType ?? '');
}

/** Microsecond resolution is plenty and keeps the attribute a short double. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The span's name, times, status and attributes as plain JSON, for failures.jsonl and the report. */
export function requestSpanDetails(r: RequestRecord, runId: string): FailureSpanDetails {
  const attributes: FailureSpanDetails['attributes'] = {};
  for (const [k, v] of Object.entries(requestAttributes(r, runId))) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') attributes[k] = v;
  }
  return {
    name: `${r.method} ${r.name}`,
    kind: 'CLIENT',
    startTime: new Date(r.intendedStart).toISOString(),
    endTime: new Date(r.end).toISOString(),
    durationMs: roundMs(r.end - r.intendedStart),
    status: { code: 'ERROR', message: statusMessage(r) },
    attributes,
  };
}
