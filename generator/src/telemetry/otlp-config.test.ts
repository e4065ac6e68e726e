import { TelemetryConfigError, parseKeyValues, readOtlpConfig, readSignalConfig } from './otlp-config';

describe('readOtlpConfig / readSignalConfig', () => {
  it('is off without an endpoint, and says why', () => {
    expect(readOtlpConfig({})).toMatchObject({ enabled: false, reason: expect.stringContaining('OTEL_EXPORTER_OTLP_ENDPOINT') });
    expect(readOtlpConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }))
      .toMatchObject({ enabled: false, reason: 'OTEL_SDK_DISABLED=true' });
    expect(readOtlpConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t/v1/traces' })).toMatchObject({ enabled: true });
  });

  it('appends /v1/<signal> to the base endpoint and uses signal endpoints as is', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://m:9/custom' };
    expect(readSignalConfig(env, 'traces').url).toBe('http://c:4318/v1/traces');
    expect(readSignalConfig(env, 'metrics').url).toBe('http://m:9/custom');
    expect(readSignalConfig({}, 'traces').url).toBe('http://localhost:4318/v1/traces');
  });

  it('reads protocol, headers, timeout and compression, signal-specific first', () => {
    const c = readSignalConfig({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=x%20y', OTEL_EXPORTER_OTLP_TIMEOUT: '2500', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    }, 'traces');
    expect(c).toMatchObject({ protocol: 'http/json', headers: { a: '1', b: 'x y' }, timeoutMs: 2500, compression: 'gzip' });
    expect(readSignalConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf' }, 'metrics').protocol)
      .toBe('http/protobuf');
  });

  it('rejects grpc and unknown settings with TelemetryConfigError', () => {
    expect(() => readSignalConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'traces')).toThrow(TelemetryConfigError);
    expect(() => readSignalConfig({ OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd' }, 'traces')).toThrow(TelemetryConfigError);
    expect(() => readSignalConfig({ OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' }, 'traces')).toThrow(TelemetryConfigError);
  });

  it('parses k=v lists leniently', () => {
    expect(parseKeyValues(' a = 1 ,broken,,b=%E2%9C%93')).toEqual({ a: '1', b: '✓' });
  });
});
