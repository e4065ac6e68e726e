import {
  JsonMetricsSerializer, JsonTraceSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { OtlpProtocol } from './otlp-config';

/** The transformer's OTLP request-body serializers for the configured protocol. */
export function traceSerializer(protocol: OtlpProtocol): (spans: ReadableSpan[]) => Uint8Array | undefined {
  const s = protocol === 'http/json' ? JsonTraceSerializer : ProtobufTraceSerializer;
  return (spans) => s.serializeRequest(spans);
}

export function metricsSerializer(protocol: OtlpProtocol): (metrics: ResourceMetrics) => Uint8Array | undefined {
  const s = protocol === 'http/json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
  return (metrics) => s.serializeRequest(metrics);
}
