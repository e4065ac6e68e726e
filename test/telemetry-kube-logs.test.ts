import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RunTelemetry, replaySpill } from '../generator/src/telemetry';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';

/** Watcher observations and run lifecycle → OTLP metrics, spans and logs, against the receiver fixture (a collector stand-in). */
describe('RunTelemetry: Kubernetes signals and log records', () => {
  let dir: string;
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-kube-tel-'));
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const T0 = Date.parse('2026-11-24T10:00:00Z');

  for (const protocol of ['http/protobuf', 'http/json']) {
    it(`exports replica gauges, lag histograms, the episode span and event logs (${protocol})`, async () => {
      const telemetry = RunTelemetry.create({
        runId: 'run-k', scenario: 'spike', spillDir: path.join(dir, 'spill'),
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol }, metricIntervalMs: 60_000,
      });
      telemetry.runStarted({ at: T0, model: 'open' });
      const kube = telemetry.kubeSignals();
      expect(kube).toBeDefined();
      kube?.hpa({ at: T0 + 1000, hpa: 'web', namespace: 'ml', current: 2, desired: 5, min: 1, max: 8, metrics: [{ name: 'cpu', current: 180, target: 60 }] });
      kube?.scaleTarget({ at: T0 + 1000, hpa: 'web', kind: 'Deployment', name: 'web', namespace: 'ml', desired: 5, ready: 2, available: 2 });
      kube?.podMetrics({ at: T0 + 1000, namespace: 'ml', pod: 'web-abc-12345', cpuCores: 0.25, memoryBytes: 64 * 1024 * 1024 });
      kube?.log({ at: T0 + 2000, severity: 'INFO', body: 'New size: 5; reason: cpu resource utilization (percentage of request) above target', attributes: { 'k8s.event.reason': 'SuccessfulRescale', 'k8s.hpa.name': 'web' } });
      kube?.episode({
        hpa: 'web', namespace: 'ml', direction: 'up', from: 2, to: 5, t0: T0, t0Source: 'load-step', decidedAt: T0 + 15_000,
        readyAt: T0 + 40_000, complete: true, lags: { detectionS: 15, actuationS: 25, totalS: 40 }, deficitReplicaSeconds: 60,
        steps: [{ at: T0 + 15_000, what: 'desired 2 → 5' }, { at: T0 + 40_000, what: 'pod web-abc-99999 Ready' }],
      });
      kube?.recovery('web', 'ml', 'up', 52);
      telemetry.thresholdsFailed(T0 + 60_000, [{ expr: 'p95 < 100ms', value: 250 }]);
      telemetry.runEnded({ at: T0 + 60_000, status: 'failed' });
      await telemetry.shutdown();

      const gauge = (name: string) => receiver.latestMetricPoints(name).map((p) => [p.attributes, p.value]);
      expect(gauge('k8s.hpa.desired_replicas')).toEqual([[{ 'k8s.hpa.name': 'web', 'k8s.namespace.name': 'ml', 'loadtest.run.id': 'run-k' }, 5]]);
      expect(gauge('k8s.hpa.current_replicas')[0]?.[1]).toBe(2);
      expect(gauge('k8s.hpa.max_replicas')[0]?.[1]).toBe(8);
      expect(gauge('k8s.deployment.available')).toEqual([[expect.objectContaining({ 'k8s.deployment.name': 'web' }), 2]]);
      expect(gauge('loadtest.hpa.utilization').map(([a, v]) => [(a as Record<string, unknown>).kind, v]).sort()).toEqual([['current', 180], ['target', 60]]);
      expect(gauge('k8s.pod.cpu.usage')).toEqual([[expect.objectContaining({ 'k8s.pod.name': 'web-abc-12345' }), 0.25]]);
      const lags = receiver.latestMetricPoints('loadtest.scaling.lag');
      expect(lags.map((p) => [p.attributes['loadtest.scaling.phase'], p.sum]).sort()).toEqual([['actuation', 25], ['detection', 15], ['recovery', 52], ['total', 40]]);
      expect(lags[0]?.unit).toBe('s');

      const [episode] = receiver.spans().filter((s) => s.name === 'scale up web');
      expect(episode).toMatchObject({
        kind: 1, startMs: T0, endMs: T0 + 40_000,
        attributes: expect.objectContaining({ 'k8s.hpa.name': 'web', 'loadtest.scaling.from': 2, 'loadtest.scaling.to': 5, 'loadtest.scaling.lag.total_s': 40 }),
      });

      const logs = receiver.logRecords();
      const bodies = logs.map((l) => String(l.body));
      expect(bodies).toEqual(expect.arrayContaining([
        'run started (open model)', expect.stringMatching(/^New size: 5/), 'threshold failed: p95 < 100ms (value 250)', 'run ended: failed',
      ]));
      const rescale = logs.find((l) => l.attributes['k8s.event.reason'] === 'SuccessfulRescale');
      expect(rescale).toMatchObject({ severityText: 'INFO', timeUnixMs: T0 + 2000, resource: expect.objectContaining({ 'service.name': 'scaletrace' }) });
      expect(telemetry.logAccounting()).toEqual({ created: 4, exported: 4, spilled: 0, dropped: 0 });
    });
  }

  it('spills log records the collector refuses and replay sends them to /v1/logs', async () => {
    receiver.setFailWith(400);
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    const telemetry = RunTelemetry.create({ runId: 'r', scenario: 's', spillDir: path.join(dir, 'spill'), env, metricIntervalMs: 60_000 });
    telemetry.runStarted({ at: T0, model: 'closed' });
    telemetry.runEnded({ at: T0 + 1000, status: 'passed' });
    await telemetry.shutdown();
    expect(telemetry.logAccounting()).toEqual({ created: 2, exported: 0, spilled: 2, dropped: 0 });
    expect(readdirSync(path.join(dir, 'spill')).filter((f) => f.startsWith('logs-') && !f.endsWith('.count'))).toHaveLength(1);
    receiver.setFailWith(undefined);
    const replayed = await replaySpill(path.join(dir, 'spill'), { env });
    expect(replayed.failed).toBe(0);
    expect(receiver.logRecords().map((l) => l.body)).toEqual(['run started (closed model)', 'run ended: passed']);
  });
});
