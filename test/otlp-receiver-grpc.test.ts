/**
 * The OTLP receiver fixture speaks OTLP/gRPC to a real OpenTelemetry Collector (the project's
 * build, scripts/build-collector.sh): OTLP/HTTP in, otlp_grpc exporter out to the fixture. Also
 * the fixture's own paths: OTLP/HTTP protobuf and gRPC failure answers, encoded with the same
 * official OTLP messages it decodes with.
 */
import { credentials, Client, status as grpcStatus, type ServiceError } from '@grpc/grpc-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../generator/src/bench/free-port';
import { encodeProtobufRequest } from './fixtures/otlp-proto';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';
import { launchCollector, type CollectorProcess } from './helpers/collector';
import { waitFor } from './helpers/wait-for';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'grpc-fixture-test' } }] };

let receiver: OtlpReceiver;
let collector: CollectorProcess | undefined;
let collectorHttp = '';
let tmp = '';

beforeAll(async () => {
  receiver = await startOtlpReceiver({ grpc: true });
  const httpPort = await freePort();
  collectorHttp = `http://127.0.0.1:${httpPort}`;
  tmp = mkdtempSync(join(tmpdir(), 'otlp-grpc-'));
  const config = {
    receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${httpPort}` } } } },
    exporters: { otlp_grpc: { endpoint: required(receiver.grpcEndpoint), tls: { insecure: true } } },
    service: {
      telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } },
      pipelines: { traces: { receivers: ['otlp'], exporters: ['otlp_grpc'] }, logs: { receivers: ['otlp'], exporters: ['otlp_grpc'] } },
    },
  };
  // YAML is a superset of JSON.
  writeFileSync(join(tmp, 'config.yaml'), JSON.stringify(config));
  // Ready when its OTLP/HTTP receiver accepts an (empty) export.
  collector = await launchCollector([join(tmp, 'config.yaml')], {}, async () => {
    const res = await fetch(`${collectorHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
    return res?.ok === true;
  });
}, 45_000);

afterAll(async () => {
  await collector?.close();
  await receiver?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 20_000);

it('receives a span the collector exports over OTLP/gRPC', async () => {
  const body = {
    resourceSpans: [{
      resource,
      scopeSpans: [{
        scope: { name: 'grpc-test-scope' },
        spans: [{
          traceId: TRACE_ID, spanId: SPAN_ID, name: 'GET /items', kind: 2,
          startTimeUnixNano: String(NOW_NS), endTimeUnixNano: String(NOW_NS + 25_000_000n),
          attributes: [{ key: 'http.response.status_code', value: { intValue: '200' } }, { key: 'route', value: { stringValue: '/items' } }],
          status: { code: 2, message: 'boom' },
        }],
      }],
    }],
  };
  await postJson('/v1/traces', body);
  const span = await waitFor('the span arrives via gRPC', 20_000, () => receiver.spans().find((s) => s.traceId === TRACE_ID), collectorLog);
  expect(span).toMatchObject({
    spanId: SPAN_ID, name: 'GET /items', kind: 2, scope: 'grpc-test-scope',
    attributes: { 'http.response.status_code': 200, route: '/items' },
    status: { code: 2, message: 'boom' },
    resource: { 'service.name': 'grpc-fixture-test' },
  });
  expect(span.endMs - span.startMs).toBeCloseTo(25, 6);
  expect(receiver.requests.map((r) => r.path)).toContain('/opentelemetry.proto.collector.trace.v1.TraceService/Export');
}, 30_000);

it('receives a log record the collector exports over OTLP/gRPC', async () => {
  const body = {
    resourceLogs: [{
      resource,
      scopeLogs: [{
        scope: { name: 'grpc-test-scope' },
        logRecords: [{
          timeUnixNano: String(NOW_NS), severityNumber: 13, severityText: 'WARN',
          body: { stringValue: 'pod evicted' }, traceId: TRACE_ID, spanId: SPAN_ID,
          attributes: [{ key: 'k8s.pod.name', value: { stringValue: 'api-7d9f' } }],
        }],
      }],
    }],
  };
  await postJson('/v1/logs', body);
  const log = await waitFor('the log record arrives via gRPC', 20_000, () => receiver.logRecords().find((l) => l.body === 'pod evicted'), collectorLog);
  expect(log).toEqual({
    timeUnixMs: Number(NOW_NS / 1_000_000n), severityText: 'WARN', body: 'pod evicted',
    attributes: { 'k8s.pod.name': 'api-7d9f' }, resource: { 'service.name': 'grpc-fixture-test' },
  });
}, 30_000);

it('still decodes OTLP/HTTP protobuf with the official messages', async () => {
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const request = {
    resourceSpans: [{
      resource,
      scopeSpans: [{
        scope: { name: 'http-proto' },
        spans: [{
          traceId: hexToBase64(traceId), spanId: hexToBase64('b7ad6b7169203331'), parentSpanId: hexToBase64(SPAN_ID),
          name: 'proto span', kind: 3, startTimeUnixNano: String(NOW_NS), endTimeUnixNano: String(NOW_NS + 1_500_000n),
          attributes: [{ key: 'retries', value: { intValue: '3' } }, { key: 'ratio', value: { doubleValue: 0.5 } }],
        }],
      }],
    }],
  };
  const res = await fetch(`${receiver.url}/v1/traces`, {
    method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: encodeProtobufRequest('traces', request),
    signal: AbortSignal.timeout(5_000),
  });
  expect(res.status).toBe(200);
  expect(receiver.spans().find((s) => s.traceId === traceId)).toMatchObject({
    spanId: 'b7ad6b7169203331', parentSpanId: SPAN_ID, name: 'proto span', kind: 3, scope: 'http-proto',
    startMs: Number(NOW_NS / 1_000_000n), endMs: Number(NOW_NS / 1_000_000n) + 1.5,
    attributes: { retries: 3, ratio: 0.5 }, resource: { 'service.name': 'grpc-fixture-test' },
  });
}, 10_000);

it('answers gRPC exports with UNAVAILABLE while failing, and stores them again after', async () => {
  const client = new Client(required(receiver.grpcEndpoint), credentials.createInsecure());
  const traceId = 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff';
  const body = Buffer.from(encodeProtobufRequest('traces', {
    resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: hexToBase64(traceId), spanId: hexToBase64(SPAN_ID), name: 'direct' }] }] }],
  }));
  const exportTraces = () => new Promise<ServiceError | null>((resolve) => {
    client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, body,
      { deadline: Date.now() + 5_000 }, (err) => resolve(err));
  });
  try {
    receiver.setFailWith(503);
    expect((await exportTraces())?.code).toBe(grpcStatus.UNAVAILABLE);
    expect(receiver.spans().some((s) => s.traceId === traceId)).toBe(false);
    receiver.setFailWith(undefined);
    expect(await exportTraces()).toBeNull();
    expect(receiver.spans().filter((s) => s.traceId === traceId)).toHaveLength(1);
  } finally {
    receiver.setFailWith(undefined);
    client.close();
  }
}, 15_000);

async function postJson(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${collectorHttp}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`collector answered ${res.status}: ${await res.text()}`);
}

const collectorLog = (): string => `collector log:\n${collector?.log() ?? ''}`;

function required(value: string | undefined): string {
  if (!value) throw new Error('the receiver was started without grpc: true');
  return value;
}

const hexToBase64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
