import {
  JsonMetricsSerializer, JsonTraceSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { RequestRecord } from '../engine';
import type { OtlpProtocol } from './otlp-config';
import { encodeTraceRequest } from './protobuf-span-encoder';
import { requestSpan } from './request-span';
import { encodeRequestBatch } from './request-span-encoder';

/** A batch of request records plus spans riding along (flow, run, stage) → one OTLP request body. */
export type TraceBatchSerializer = (records: readonly RequestRecord[], extra: readonly ReadableSpan[]) => Uint8Array | undefined;

/**
 * OTLP request-body serializers for the configured protocol: protobuf through our byte-identical
 * fast encoders (records straight to bytes; the transformer when a span needs what they do not
 * cover), JSON through the transformer on spans built from the records.
 */
export function traceBatchSerializer(protocol: OtlpProtocol, runId: string, resource: Resource): TraceBatchSerializer {
  const spansOf = (records: readonly RequestRecord[], extra: readonly ReadableSpan[]): ReadableSpan[] => {
    const spans = records.map((r) => requestSpan(r, runId, resource));
    for (const span of extra) spans.push(span);
    return spans;
  };
  if (protocol === 'http/json') return (records, extra) => JsonTraceSerializer.serializeRequest(spansOf(records, extra));
  return (records, extra) => encodeRequestBatch(records, extra, runId, resource) ?? encodeSpans(spansOf(records, extra));
}

function encodeSpans(spans: ReadableSpan[]): Uint8Array | undefined {
  return encodeTraceRequest(spans) ?? ProtobufTraceSerializer.serializeRequest(spans);
}

export function metricsSerializer(protocol: OtlpProtocol): (metrics: ResourceMetrics) => Uint8Array | undefined {
  const s = protocol === 'http/json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
  return (metrics) => s.serializeRequest(metrics);
}
