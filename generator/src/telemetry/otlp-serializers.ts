import {
  JsonMetricsSerializer, JsonTraceSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { OtlpProtocol } from './otlp-config';
import { encodeTraceRequest } from './protobuf-span-encoder';

/**
 * OTLP request-body serializers for the configured protocol: protobuf through our byte-identical
 * fast encoder (the transformer when a span needs what it does not cover), JSON through the transformer.
 */
export function traceSerializer(protocol: OtlpProtocol): (spans: ReadableSpan[]) => Uint8Array | undefined {
  if (protocol === 'http/json') return (spans) => JsonTraceSerializer.serializeRequest(spans);
  return (spans) => encodeTraceRequest(spans) ?? ProtobufTraceSerializer.serializeRequest(spans);
}

export function metricsSerializer(protocol: OtlpProtocol): (metrics: ResourceMetrics) => Uint8Array | undefined {
  const s = protocol === 'http/json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
  return (metrics) => s.serializeRequest(metrics);
}
