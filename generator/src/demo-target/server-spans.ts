import type { IncomingHttpHeaders } from 'node:http';
import {
  ROOT_CONTEXT, SpanKind, SpanStatusCode, type Attributes, type Span, type TextMapGetter, type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

export interface ServerSpanInfo {
  method: string;
  route: string;
  path: string;
  serverPort: number;
  headers: IncomingHttpHeaders;
}

/** Ends a server span with the response status (5xx → ERROR with error.type). */
export type EndServerSpan = (status: number, attributes?: Attributes) => void;

/**
 * OTel SERVER spans for the demo target, continuing the caller's W3C `traceparent` so they join
 * the generator's request traces. Enabled by the standard OTEL_EXPORTER_OTLP_* variables; the
 * SDK's OTLP exporter is loaded only then, so a target without a collector costs nothing.
 */
export class ServerSpans {
  private readonly propagator = new W3CTraceContextPropagator();

  private constructor(private readonly tracer: Tracer | undefined, private readonly provider: BasicTracerProvider | undefined) {}

  static fromEnv(env: NodeJS.ProcessEnv, instance: string): ServerSpans {
    const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
    const disabled = env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none';
    if (!endpoint || disabled) return new ServerSpans(undefined, undefined);
    const resource = defaultResource()
      .merge(resourceFromAttributes({ 'service.name': 'scaletrace-demo-target', 'service.instance.id': instance }))
      .merge(detectResources({ detectors: [envDetector] }));
    const provider = new BasicTracerProvider({
      resource,
      // A large queue and batch: the target sees bursts of thousands of requests per second.
      spanProcessors: [new BatchSpanProcessor(createExporter(env), {
        maxQueueSize: 65_536, maxExportBatchSize: 2048, scheduledDelayMillis: 500,
      })],
    });
    return new ServerSpans(provider.getTracer('scaletrace-demo-target'), provider);
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /** Starts the span for one request; the returned function ends it. */
  start(info: ServerSpanInfo): EndServerSpan {
    if (!this.tracer) return noop;
    const parent = this.propagator.extract(ROOT_CONTEXT, info.headers, headerGetter);
    const span: Span = this.tracer.startSpan(`${info.method} ${info.route}`, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': info.method,
        'http.route': info.route,
        'url.path': info.path,
        'url.scheme': 'http',
        'server.port': info.serverPort,
      },
    }, parent);
    return (status, attributes) => {
      span.setAttribute('http.response.status_code', status);
      if (attributes) span.setAttributes(attributes);
      if (status >= 500) {
        span.setAttribute('error.type', String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    };
  }

  /** Exports what is buffered and stops the exporter. */
  async shutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}

function noop(): void {}

function createExporter(env: NodeJS.ProcessEnv): SpanExporter {
  // The exporters read the rest of OTEL_EXPORTER_OTLP_* (endpoint, headers, timeout) themselves.
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
  if (protocol === 'http/json') {
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}
