import type { Summary } from '../generator/src/results';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cleanEnv, runCli } from './helpers/cli';
import { startRecordingTarget, type RecordingTarget } from './helpers/recording-target';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';

/**
 * End to end through the built CLI: real HTTP to a local target, real OTLP/HTTP to a receiver
 * fixture that decodes protobuf and JSON (a stand-in for the OTel Collector, which cannot run here).
 */
describe('scaletrace run → OTLP receiver fixture (collector stand-in)', () => {
  let dir: string;
  let target: RecordingTarget;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-otlp-'));
    target = await startRecordingTarget();
  });
  beforeEach(async () => { receiver = await startOtlpReceiver(); });
  afterEach(async () => { await receiver.close(); });
  afterAll(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function writeScenario(name: string, load: string): string {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, [
      `name: ${name}`,
      `target: ${target.url}`,
      'podHeader: x-pod',
      'requests:',
      '  - { name: ok, path: "/ok?token=s3cr3t&page=${iteration}", weight: 3 }',
      '  - { name: fail, path: /fail, weight: 1 }',
      '  - { name: pod, path: /pod, weight: 1 }',
      '  - { name: reset, path: /reset, weight: 1 }',
      `load: ${load}`,
    ].join('\n'));
    return file;
  }
  const readSummary = (out: string): Summary => JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));

  for (const protocol of ['http/protobuf', 'http/json']) {
    it(`every request is one exported span and one metric point (${protocol})`, async () => {
      const file = writeScenario(`mix-${protocol.replace('/', '-')}`, '{ model: closed, vus: 10, iterations: 1000 }');
      const out = path.join(dir, `out-${protocol.replace('/', '-')}`);
      const seenBefore = target.traceparents.length;
      const res = await runCli(['run', file, '--out', out, '--run-id', `run-${protocol.length}`], {
        env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol }),
      });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      const summary = readSummary(out);
      expect(summary.totals.requests).toBe(1000);
      expect(summary.telemetry.spans).toEqual({ created: 1000, exported: 1000, spilled: 0, dropped: 0 });

      const spans = receiver.spans().filter((s) => s.kind === 3 /* CLIENT */);
      expect(spans).toHaveLength(1000);
      expect(new Set(spans.map((s) => s.spanId)).size).toBe(1000);

      // Every traceparent the target saw belongs to an exported span (trace id and parent span id).
      const seen = target.traceparents.slice(seenBefore);
      expect(seen).toHaveLength(1000);
      const exported = new Set(spans.map((s) => `00-${s.traceId}-${s.spanId}-01`));
      for (const tp of seen) expect(exported.has(tp)).toBe(true);

      // Error spans == failed requests, with the right error.type.
      const errors = spans.filter((s) => s.status.code === 2);
      expect(errors).toHaveLength(summary.totals.failed);
      const byType: Record<string, number> = {};
      for (const s of errors) byType[String(s.attributes['error.type'])] = (byType[String(s.attributes['error.type'])] ?? 0) + 1;
      expect(byType).toEqual(summary.errors);
      expect(Object.keys(byType).sort()).toEqual(expect.arrayContaining(['500']));
      expect(errors.some((s) => /ECONNRESET|socket_closed/.test(String(s.attributes['error.type'])))).toBe(true);

      // Contract attributes; secrets never leave the process.
      const ok = spans.find((s) => s.attributes['loadtest.request.name'] === 'ok');
      expect(ok?.name).toBe('GET ok');
      expect(ok?.attributes).toMatchObject({
        'http.request.method': 'GET', 'server.address': '127.0.0.1', 'http.response.status_code': 200,
        'loadtest.run.id': `run-${protocol.length}`,
      });
      expect(String(ok?.attributes['url.full'])).not.toContain('s3cr3t');
      const pod = spans.find((s) => s.attributes['loadtest.request.name'] === 'pod');
      expect(pod?.attributes['loadtest.target.pod']).toBe('pod-a');
      expect(JSON.stringify(receiver.spans())).not.toContain('s3cr3t');
      expect(ok?.resource['service.name']).toBe('scaletrace');
      expect(ok?.resource['loadtest.run.id']).toBe(`run-${protocol.length}`);

      // The duration histogram counts every request exactly once (last cumulative export per series).
      const duration = receiver.latestMetricPoints('http.client.request.duration');
      const counted = duration.reduce((sum, p) => sum + (p.count ?? 0), 0);
      expect(counted).toBe(1000);
      expect(duration.every((p) => p.attributes['loadtest.run.id'] === `run-${protocol.length}`)).toBe(true);
      expect(receiver.requests.every((r) => r.contentType.includes(protocol === 'http/json' ? 'json' : 'protobuf'))).toBe(true);
    });
  }

  it('open model: achieved rate within 2 % of target', async () => {
    const file = writeScenario('open-rate', '{ model: open, rate: 200, duration: 5s }');
    const out = path.join(dir, 'out-open');
    const res = await runCli(['run', file, '--out', out], {
      env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
    });
    expect(res.code).toBe(0);
    const summary = readSummary(out);
    expect(Math.abs(summary.totals.requests - 1000) / 1000).toBeLessThanOrEqual(0.02);
    expect(receiver.spans().filter((s) => s.kind === 3)).toHaveLength(summary.totals.requests);
  });

  it('collector down → spans spilled to disk → `scaletrace replay` delivers every span', async () => {
    const file = writeScenario('spill', '{ model: closed, vus: 5, iterations: 300 }');
    const out = path.join(dir, 'out-spill');
    await receiver.close();
    const down = receiver.url; // nothing listens here any more
    const res = await runCli(['run', file, '--out', out], {
      env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: down, OTEL_EXPORTER_OTLP_TIMEOUT: '2000' }),
      timeoutMs: 90_000,
    });
    expect(res.code).toBe(0);
    const summary = readSummary(out);
    expect(summary.telemetry.spans.created).toBe(300);
    expect(summary.telemetry.spans.spilled).toBe(300);
    expect(summary.telemetry.spans.dropped).toBe(0);
    expect(readdirSync(path.join(out, 'spill')).length).toBeGreaterThan(0);

    receiver = await startOtlpReceiver();
    const replay = await runCli(['replay', path.join(out, 'spill')], {
      env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
    });
    expect(replay.code).toBe(0);
    const spans = receiver.spans().filter((s) => s.kind === 3);
    expect(spans).toHaveLength(300);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(300);
  });
});
