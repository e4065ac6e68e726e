import type { Summary } from '../generator/src/results';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDemoCluster, type DemoCluster } from '../generator/src/demo-cluster';
import { cleanEnv, runCli } from './helpers/cli';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';
import { kubernetesSection } from './helpers/kubernetes-section';

/**
 * A full run: a spike against the demo target behind the Kubernetes API simulator (a cluster
 * cannot run here; the simulator serves the real API paths and runs the real HPA algorithm), through
 * the built CLI with a kubernetes: section, OTLP to the receiver fixture (a collector stand-in).
 */
describe('scaletrace run with kubernetes: against the API simulator', () => {
  let dir: string;
  let cluster: DemoCluster;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-scaling-'));
    cluster = await startDemoCluster({ dir });
    receiver = await startOtlpReceiver();
  }, 30_000);
  afterAll(async () => {
    await receiver?.close();
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the summary shows a scale-up with all three lags, and request spans carry the serving pod', async () => {
    const file = path.join(dir, 'spike.yaml');
    writeFileSync(file, [
      'name: scaling-spike',
      `target: ${cluster.targetUrl}`,
      'requests:',
      '  - { name: predict, method: POST, path: /predict, body: \'{"x": ${iteration}}\', timeout: 2s }',
      'load:',
      '  model: open',
      // A quiet baseline (20 m of a 200 m request): no scale-up before the load step, even on a busy CI machine.
      '  startRate: 10',
      '  stages:',
      '    - { duration: 3s, rate: 10 }',
      '    - { duration: 1s, rate: 300 }',
      '    - { duration: 22s, rate: 300 }',
      '    - { duration: 1s, rate: 10 }',
      '    - { duration: 3s, rate: 10 }',
      '  maxInFlight: 400',
      ...kubernetesSection(cluster, { metricsPoll: '2s', podHeader: true }),
      'thresholds:',
      '  - "scaling_lag < 5m"',
    ].join('\n'));
    const out = path.join(dir, 'out');
    const res = await runCli(['run', file, '--out', out, '--quiet'], {
      env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }), timeoutMs: 90_000,
    });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;

    const scaling = summary.scaling;
    expect(scaling).toMatchObject({ namespace: cluster.namespace, watcherAvailable: true, problems: [] });
    const hpa = scaling?.hpas.find((h) => h.name === cluster.hpa);
    const up = hpa?.episodes.find((e) => e.direction === 'up' && e.t0Source === 'load-step');
    expect(up).toBeDefined();
    expect(up?.to).toBeGreaterThan(up?.from ?? Infinity);
    // All three lags, consistent with each other.
    const lag = up?.lagS;
    expect(lag?.detection).toBeGreaterThanOrEqual(0);
    expect(lag?.actuation).toBeGreaterThan(0);
    expect(lag?.total).toBeCloseTo((lag?.detection ?? 0) + (lag?.actuation ?? 0), 1);
    expect(hpa?.maxReplicasReached).toBeGreaterThan(1);
    expect(summary.thresholds).toEqual([expect.objectContaining({ expr: 'scaling_lag < 5m', ok: true, unit: 'ms' })]);

    // Ground truth: the simulator decided to scale after t0, within one sync period of what the watcher reports.
    const decisions = cluster.sim.history().filter((h) => h.kind === 'desired' && (h.to ?? 0) > (h.from ?? 0));
    expect(decisions.length).toBeGreaterThan(0);
    const t0 = Date.parse(up?.t0 ?? '');
    const firstDecision = decisions.find((d) => d.at >= t0);
    expect(firstDecision).toBeDefined();
    expect(Math.abs((firstDecision!.at - t0) / 1000 - (lag?.detection ?? 0))).toBeLessThan(cluster.syncPeriodMs / 1000 + 0.5);

    // Request spans name the pod that served them; several pods served once the HPA scaled.
    const pods = new Set(receiver.spans().filter((s) => s.kind === 3).map((s) => s.attributes['loadtest.target.pod']));
    pods.delete(undefined);
    expect(pods.size).toBeGreaterThan(1);
    for (const pod of pods) expect(String(pod)).toMatch(new RegExp(`^${cluster.deployment}-`));
    // The episode span and the rescale event made it out too.
    expect(receiver.spans().some((s) => s.name === `scale up ${cluster.hpa}`)).toBe(true);
    expect(receiver.logRecords().some((l) => l.attributes['k8s.event.reason'] === 'SuccessfulRescale')).toBe(true);
  }, 120_000);
});
