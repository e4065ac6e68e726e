/**
 * Every OTEL_* environment variable ScaleTrace honours is read here, once, into a plain object
 * (opentelemetry-js habit: env vars read in one place). The exporters get explicit values so that
 * an injected `env` (tests, library callers) wins over the process environment.
 */

export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** Invalid OTLP settings (e.g. the unsupported grpc protocol): the CLI exits 2. */
export class TelemetryConfigError extends Error {
  override name = 'TelemetryConfigError';
}

export interface OtlpSignalConfig {
  /** Full URL the signal is POSTed to (…/v1/traces, …/v1/metrics, …/v1/logs). */
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMs: number;
  compression: 'gzip' | 'none';
}

export interface OtlpConfig {
  enabled: boolean;
  /** Why telemetry is off, when it is. */
  reason?: string;
  /** The endpoint as configured (base or traces-specific), for the summary. */
  endpoint?: string;
  serviceName: string;
  /** OTEL_RESOURCE_ATTRIBUTES, parsed (`k=v,k2=v2`, percent-decoded). */
  resourceAttributes: Record<string, string>;
}

const DEFAULT_BASE = 'http://localhost:4318';
const DEFAULT_TIMEOUT_MS = 10_000;

/** Whether telemetry is on, and the resource settings. Signal settings: readSignalConfig. */
export function readOtlpConfig(env: NodeJS.ProcessEnv): OtlpConfig {
  const base = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const tracesEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const metricsEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT);
  const common = {
    serviceName: nonEmpty(env.OTEL_SERVICE_NAME) ?? 'scaletrace',
    resourceAttributes: parseKeyValues(env.OTEL_RESOURCE_ATTRIBUTES),
  };
  if (String(env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') {
    return { ...common, enabled: false, reason: 'OTEL_SDK_DISABLED=true' };
  }
  if (!base && !tracesEndpoint && !metricsEndpoint) {
    return { ...common, enabled: false, reason: 'no OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_/_METRICS_ endpoint) set' };
  }
  return { ...common, enabled: true, endpoint: tracesEndpoint ?? base ?? metricsEndpoint };
}

/**
 * One signal's exporter settings; throws TelemetryConfigError for settings we cannot honour.
 * With no endpoint at all, the OTLP default http://localhost:4318 applies (used by replay).
 */
export type OtlpSignal = 'traces' | 'metrics' | 'logs';

export function readSignalConfig(env: NodeJS.ProcessEnv, signal: OtlpSignal): OtlpSignalConfig {
  const upper = signal === 'traces' ? 'TRACES' : signal === 'metrics' ? 'METRICS' : 'LOGS';
  return signalConfig(env, upper, signal, nonEmpty(env[`OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`]), nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT));
}

function signalConfig(
  env: NodeJS.ProcessEnv, upper: 'TRACES' | 'METRICS' | 'LOGS', path: OtlpSignal,
  specific: string | undefined, base: string | undefined,
): OtlpSignalConfig {
  // Spec: a signal-specific endpoint is used as is; the base endpoint gets /v1/<signal> appended.
  const url = specific ?? `${(base ?? DEFAULT_BASE).replace(/\/+$/, '')}/v1/${path}`;
  const protocol = readProtocol(nonEmpty(env[`OTEL_EXPORTER_OTLP_${upper}_PROTOCOL`]) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_PROTOCOL));
  const headers = {
    ...parseKeyValues(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseKeyValues(env[`OTEL_EXPORTER_OTLP_${upper}_HEADERS`]),
  };
  const timeoutMs = readTimeout(nonEmpty(env[`OTEL_EXPORTER_OTLP_${upper}_TIMEOUT`]) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_TIMEOUT));
  const compressionRaw = (nonEmpty(env[`OTEL_EXPORTER_OTLP_${upper}_COMPRESSION`]) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_COMPRESSION) ?? 'none').toLowerCase();
  if (compressionRaw !== 'gzip' && compressionRaw !== 'none') {
    throw new TelemetryConfigError(`OTEL_EXPORTER_OTLP_COMPRESSION=${compressionRaw} is not supported (use gzip or none)`);
  }
  return { url, protocol, headers, timeoutMs, compression: compressionRaw };
}

function readProtocol(raw: string | undefined): OtlpProtocol {
  const value = (raw ?? 'http/protobuf').toLowerCase();
  if (value === 'http/protobuf' || value === 'http/json') return value;
  if (value === 'grpc') {
    throw new TelemetryConfigError('OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: use http/protobuf (default) or http/json');
  }
  throw new TelemetryConfigError(`OTEL_EXPORTER_OTLP_PROTOCOL=${value} is not supported: use http/protobuf or http/json`);
}

function readTimeout(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) throw new TelemetryConfigError(`OTEL_EXPORTER_OTLP_TIMEOUT=${raw} is not a positive number of milliseconds`);
  return ms;
}

/** W3C-baggage-like `k=v,k2=v2` as used by OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES. */
export function parseKeyValues(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (raw ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = decode(part.slice(0, eq).trim());
    if (key) out[key] = decode(part.slice(eq + 1).trim());
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}
