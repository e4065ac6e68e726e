import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RunTelemetry, replaySpill } from '../generator/src/telemetry';
import { fakeRecord } from '../generator/src/telemetry/test-records';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';

/** RunTelemetry in-process against the OTLP receiver fixture (a collector stand-in). */
describe('RunTelemetry → OTLP/HTTP receiver', () => {
  let dir: string;
  let receiver: OtlpReceiver;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-tel-'));
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const envFor = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...extra });

  for (const protocol of ['http/protobuf', 'http/json']) {
    it(`N records → N spans and a histogram count of N (${protocol})`, async () => {
      const telemetry = RunTelemetry.create({
        runId: 'run-1', scenario: 'unit', spillDir: path.join(dir, 'spill'), env: envFor({ OTEL_EXPORTER_OTLP_PROTOCOL: protocol }),
        metricIntervalMs: 60_000,
      });
      expect(telemetry.status).toEqual({ enabled: true, endpoint: receiver.url, protocol });
      telemetry.runStarted({ at: Date.now(), model: 'closed' });
      telemetry.onStage(0, Date.now());
      const records = Array.from({ length: 5000 }, (_, i) => fakeRecord(i));
      for (const r of records) telemetry.onRequest(r);
      telemetry.runEnded({ at: Date.now(), status: 'passed' });
      const accounting = await telemetry.shutdown();
      expect(accounting).toEqual({ created: 5000, exported: 5000, spilled: 0, dropped: 0 });

      const clients = receiver.spans().filter((s) => s.kind === 3);
      expect(clients).toHaveLength(5000);
      expect(new Set(clients.map((s) => s.spanId))).toEqual(new Set(records.map((r) => r.spanId)));
      const first = records[9]!;
      const span = clients.find((s) => s.spanId === first.spanId)!;
      expect(span).toMatchObject({
        traceId: first.traceId, name: 'GET fail', status: { code: 2, message: 'HTTP 500' },
        attributes: {
          'http.request.method': 'GET', 'url.full': first.url, 'server.address': '127.0.0.1', 'server.port': 8080,
          'http.response.status_code': 500, 'error.type': '500', 'loadtest.run.id': 'run-1',
          'loadtest.request.name': 'fail', 'loadtest.stage': 0, 'loadtest.vu': 10, 'loadtest.schedule_lag_ms': 0.25, 'loadtest.ttfb_ms': 10,
        },
        resource: { 'service.name': 'scaletrace', 'loadtest.run.id': 'run-1', 'loadtest.scenario': 'unit', 'loadtest.worker.index': 0 },
      });
      expect(span.startMs).toBeCloseTo(first.intendedStart, 3);
      expect(span.endMs).toBeCloseTo(first.end, 3);
      expect(span.parentSpanId).toBeUndefined();

      const internal = receiver.spans().filter((s) => s.kind === 1);
      expect(internal.map((s) => s.name).sort()).toEqual(['loadtest unit', 'stage 0']);
      const run = internal.find((s) => s.name === 'loadtest unit')!;
      expect(internal.find((s) => s.name === 'stage 0')?.parentSpanId).toBe(run.spanId);

      const duration = receiver.latestMetricPoints('http.client.request.duration');
      expect(duration.reduce((n, p) => n + (p.count ?? 0), 0)).toBe(5000);
      expect(duration.every((p) => p.attributes['loadtest.run.id'] === 'run-1' && p.temporality === 2)).toBe(true);
      const failed = duration.find((p) => p.attributes['error.type'] === '500');
      expect(failed?.count).toBe(500);
      expect(failed?.attributes).toMatchObject({ 'http.response.status_code': 500, 'loadtest.request.name': 'fail', 'http.request.method': 'GET' });
      expect(receiver.latestMetricPoints('loadtest.request.schedule_lag').reduce((n, p) => n + (p.count ?? 0), 0)).toBe(5000);
      expect(receiver.latestMetricPoints('loadtest.request.time_to_first_byte').reduce((n, p) => n + (p.count ?? 0), 0)).toBe(5000);
      const spans = receiver.latestMetricPoints('loadtest.telemetry.spans');
      expect(Object.fromEntries(spans.map((p) => [p.attributes['loadtest.telemetry.outcome'], p.value])))
        .toEqual({ exported: 5000, spilled: 0, dropped: 0 });
      const info = receiver.latestMetricPoints('loadtest.run.info');
      expect(info.map((p) => [p.value, p.attributes])).toContainEqual([1, expect.objectContaining({ 'loadtest.run.status': 'passed', 'loadtest.scenario': 'unit' })]);
      expect(receiver.metrics().filter((p) => p.name === 'loadtest.run.info').every((p) => p.value === 1)).toBe(true);
      for (const r of receiver.requests) expect(r.contentType).toContain(protocol === 'http/json' ? 'json' : 'protobuf');
    });
  }

  it('sends OTEL_EXPORTER_OTLP_HEADERS with every export and honours OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES', async () => {
    const telemetry = RunTelemetry.create({
      runId: 'run-h', scenario: 'hdr', spillDir: path.join(dir, 'spill'), metricIntervalMs: 60_000,
      env: envFor({
        OTEL_EXPORTER_OTLP_HEADERS: 'x-scope-orgid=tenant-1,authorization=Bearer%20abc',
        OTEL_SERVICE_NAME: 'loadgen', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=ci,loadtest.run.id=spoofed',
      }),
    });
    for (let i = 0; i < 10; i++) telemetry.onRequest(fakeRecord(i));
    await telemetry.shutdown();
    expect(receiver.requests.length).toBeGreaterThanOrEqual(2);
    for (const r of receiver.requests) {
      expect(r.headers['x-scope-orgid']).toBe('tenant-1');
      expect(r.headers.authorization).toBe('Bearer abc');
    }
    const span = receiver.spans()[0]!;
    expect(span.resource).toMatchObject({ 'service.name': 'loadgen', 'deployment.environment': 'ci', 'loadtest.run.id': 'run-h' });
  });

  it('collector down → every span spilled → replay delivers every span id', async () => {
    const url = receiver.url;
    await receiver.close();
    const telemetry = RunTelemetry.create({
      runId: 'run-s', scenario: 'spill', spillDir: path.join(dir, 'spill'), metricIntervalMs: 60_000,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_EXPORTER_OTLP_TIMEOUT: '500' },
    });
    const records = Array.from({ length: 3000 }, (_, i) => fakeRecord(i));
    for (const r of records) telemetry.onRequest(r);
    const accounting = await telemetry.shutdown();
    expect(accounting).toEqual({ created: 3000, exported: 0, spilled: 3000, dropped: 0 });
    const files = readdirSync(path.join(dir, 'spill'));
    expect(files.some((f) => /^traces-\d+\.pb$/.test(f))).toBe(true);
    expect(files.some((f) => /^metrics-\d+\.pb$/.test(f))).toBe(true);

    receiver = await startOtlpReceiver();
    const lines: string[] = [];
    const replay = await replaySpill(path.join(dir, 'spill'), { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, log: (l) => lines.push(l) });
    expect(replay.failed).toBe(0);
    expect(replay.sent).toBe(replay.files);
    const clients = receiver.spans().filter((s) => s.kind === 3);
    expect(new Set(clients.map((s) => s.spanId))).toEqual(new Set(records.map((r) => r.spanId)));
    expect(clients).toHaveLength(3000);
    expect(replay.spans).toBe(3000);
    expect(receiver.latestMetricPoints('http.client.request.duration').reduce((n, p) => n + (p.count ?? 0), 0)).toBe(3000);
    // A second replay has nothing left to send.
    expect(await replaySpill(path.join(dir, 'spill'), { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } }))
      .toEqual({ files: 0, sent: 0, failed: 0, spans: 0 });
  });
});
