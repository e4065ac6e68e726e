import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { RequestRecord } from '../engine';
import { TELEMETRY_SCOPE } from './finished-span';
import { msToHrTime } from './hr-time';
import {
  SpanWriter, UNSUPPORTED, supported, writeResourceSpans, writeScopeSpans, writeSpan,
} from './protobuf-span-encoder';
import { definitionAttributes, requestAttributes, roundMs, statusMessage } from './request-span';

/**
 * A batch's request records written straight into an OTLP/protobuf ExportTraceServiceRequest,
 * byte for byte what encodeTraceRequest writes for `records.map(requestSpan)` followed by `extra`
 * (tested), without building a ReadableSpan and an attribute object per request first. Tracing
 * every request costs what this costs per record, so it decides the traced rate: the six
 * attributes that are the same for every request of a definition (method, url, server, run id,
 * name) are encoded once and copied. Undefined when `extra` holds a span of another resource or
 * scope, or one the fast encoder does not cover: the caller then builds the spans.
 */
export function encodeRequestBatch(
  records: readonly RequestRecord[], extra: readonly ReadableSpan[], runId: string, resource: Resource,
): Uint8Array | undefined {
  if (records.length === 0) return undefined;
  for (const span of extra) {
    if (span.resource !== resource || span.instrumentationScope !== TELEMETRY_SCOPE || !supported(span)) return undefined;
  }
  const w = new SpanWriter(records.length * 400 + extra.length * 512 + 1024);
  try {
    writeResourceSpans(w, resource, () => {
      writeScopeSpans(w, TELEMETRY_SCOPE, () => {
        for (let i = 0; i < records.length; i++) writeRequestSpan(w, records[i]!, runId);
        for (const span of extra) writeSpan(w, span);
      });
    });
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
  return w.finish();
}

const CLIENT_KIND = SpanKind.CLIENT + 1; // the proto enum has UNSPECIFIED at 0
const SPAN_ATTRIBUTES = 0x4a; // Span.attributes (9)
/** W3C sampled | HAS_IS_REMOTE: a request span's parent (a flow span) is never remote. */
const REQUEST_FLAGS = TraceFlags.SAMPLED | 0x100;

/** What requestSpan() makes of a record, in writeSpan()'s field order. */
function writeRequestSpan(w: SpanWriter, r: RequestRecord, runId: string): void {
  const fixed = fixedPart(r, runId);
  w.byte(0x12); // ScopeSpans.spans (2)
  const start = w.begin();
  w.byte(0x0a); w.byte(16); w.hex(r.traceId, 16);
  w.byte(0x12); w.byte(8); w.hex(r.spanId, 8);
  if (r.parentSpanId) { w.byte(0x22); w.byte(8); w.hex(r.parentSpanId, 8); }
  w.bytes(fixed.nameAndKind);
  w.byte(0x39); w.hrTime(msToHrTime(r.intendedStart));
  w.byte(0x41); w.hrTime(msToHrTime(r.end));
  if (r.targetPod === undefined && r.flow === undefined && r.check === undefined && r.bodyExcerpt === undefined && r.tags === undefined) {
    // requestAttributes()' keys in its order, the first six (definitionAttributes) from the cache.
    w.bytes(fixed.attributes);
    w.keyValue('loadtest.stage', r.stage, SPAN_ATTRIBUTES);
    w.keyValue('loadtest.vu', r.vu, SPAN_ATTRIBUTES);
    w.keyValue('loadtest.schedule_lag_ms', roundMs(r.start - r.intendedStart), SPAN_ATTRIBUTES);
    if (r.status > 0) w.keyValue('http.response.status_code', r.status, SPAN_ATTRIBUTES);
    if (r.errorType !== undefined) w.keyValue('error.type', r.errorType, SPAN_ATTRIBUTES);
    if (r.ttfb !== undefined) w.keyValue('loadtest.ttfb_ms', roundMs(r.ttfb - r.intendedStart), SPAN_ATTRIBUTES);
  } else {
    w.attributes(requestAttributes(r, runId), SPAN_ATTRIBUTES);
  }
  w.byte(0x50); w.byte(0); // dropped attributes, events, links: 0
  w.byte(0x60); w.byte(0);
  w.byte(0x70); w.byte(0);
  w.byte(0x7a); // status (15)
  const status = w.begin();
  if (r.errorType === undefined) {
    w.byte(0x18); w.byte(SpanStatusCode.UNSET);
  } else {
    const message = statusMessage(r);
    if (message) { w.byte(0x12); w.string(message); }
    w.byte(0x18); w.byte(SpanStatusCode.ERROR);
  }
  w.end(status);
  w.byte(0x85); w.byte(0x01); // flags (16, fixed32)
  w.fixed32(REQUEST_FLAGS);
  w.end(start);
}

/** The encoded span name and kind, and the first six attributes, of one request definition. */
interface FixedPart {
  method: string;
  name: string;
  serverAddress: string;
  serverPort: number;
  runId: string;
  nameAndKind: Uint8Array;
  attributes: Uint8Array;
}

// Keyed by url: one entry per request definition (a templated url makes more; the cache stops growing at its cap).
const FIXED = new Map<string, FixedPart>();
const MAX_FIXED = 1024;

function fixedPart(r: RequestRecord, runId: string): FixedPart {
  const cached = FIXED.get(r.url);
  if (cached !== undefined && cached.method === r.method && cached.name === r.name && cached.serverAddress === r.serverAddress
    && cached.serverPort === r.serverPort && cached.runId === runId) return cached;
  const head = new SpanWriter(64);
  head.byte(0x2a); head.string(`${r.method} ${r.name}`);
  head.byte(0x30); head.byte(CLIENT_KIND);
  const attrs = new SpanWriter(256);
  attrs.attributes(definitionAttributes(r, runId), SPAN_ATTRIBUTES);
  const part: FixedPart = {
    method: r.method, name: r.name, serverAddress: r.serverAddress, serverPort: r.serverPort, runId,
    nameAndKind: Uint8Array.from(head.finish()), attributes: Uint8Array.from(attrs.finish()),
  };
  if (FIXED.size < MAX_FIXED || cached !== undefined) FIXED.set(r.url, part);
  return part;
}
