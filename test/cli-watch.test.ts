import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ScalingSection, Summary } from '../generator/src/results';
import { startKubeSim, type KubeSim } from '../generator/src/kube-sim';
import { cleanEnv, runCli, spawnCli } from './helpers/cli';

/**
 * `scaletrace watch` and the watcher's failure modes in `scaletrace run`, through the built CLI,
 * against the Kubernetes API simulator (a faithful protocol-level stand-in for a cluster).
 */
describe('scaletrace watch / kubernetes: against the API simulator', () => {
  let dir: string;
  let sim: KubeSim;
  let kubeconfig: string;
  let cpuPerPod = 50;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-watch-'));
    sim = await startKubeSim({ syncPeriodMs: 500, podStartDelayMs: 400, podStopDelayMs: 200, metricsResolutionMs: 500 });
    sim.addDeployment({ name: 'web', replicas: 1, cpuRequestMillis: 100, cpuUsagePerPod: () => cpuPerPod });
    sim.addHpa({
      name: 'web', target: 'web', minReplicas: 1, maxReplicas: 5, targetCpuUtilization: 50,
      behavior: { scaleDown: { stabilizationWindowSeconds: 1, policies: [{ type: 'Percent', value: 100, periodSeconds: 1 }] } },
    });
    kubeconfig = sim.writeKubeconfig(dir);
  }, 30_000);
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('standalone: t0 from utilization crossing the target, an up episode with lags, scaling.json written', async () => {
    const out = path.join(dir, 'watch-out');
    cpuPerPod = 50;
    const child = spawnCli(['watch', '--kubeconfig', kubeconfig, '--namespace', sim.namespace, '--hpa', 'web', '--duration', '8s', '--metrics-poll', '1s', '--out', out], cleanEnv());
    // Load arrives once the watcher is up (CLI start-up time varies on a busy machine): 3× the target.
    let seen = '';
    const onData = (d: Buffer): void => {
      seen += d.toString();
      if (!/watching /.test(seen)) return;
      child.stdout?.off('data', onData);
      setTimeout(() => { cpuPerPod = 150; }, 500);
    };
    child.stdout?.on('data', onData);
    const res = await child.result;
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/scale up hpa\/web 1 → \d: detection/);
    const section = JSON.parse(readFileSync(path.join(out, 'scaling.json'), 'utf8')) as ScalingSection;
    const up = section.hpas[0]?.episodes.find((e) => e.direction === 'up');
    expect(up).toMatchObject({ t0Source: 'utilization', complete: true });
    expect(up?.lagS.total).toBeGreaterThan(0);
    expect(up?.lagS.total).toBeLessThan(6);
  }, 30_000);

  it('an invalid kubeconfig context is a clear exit 2, no stack', async () => {
    const res = await runCli(['watch', '--kubeconfig', kubeconfig, '--context', 'nope', '--duration', '1s'], { env: cleanEnv() });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^scaletrace: .*context.*nope/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  describe('RBAC in scaletrace run', () => {
    const scenario = (required: boolean): string => {
      const file = path.join(dir, `rbac-${required}.yaml`);
      writeFileSync(file, [
        'name: rbac', 'target: http://127.0.0.1:9', 'requests: [{ name: a, path: /, timeout: 200ms }]',
        'load: { model: closed, vus: 1, iterations: 3 }',
        `kubernetes: { kubeconfig: ${kubeconfig}, namespace: ${sim.namespace}, required: ${required} }`,
      ].join('\n'));
      return file;
    };
    afterEach(() => sim.faults.clear());

    it('403 on events: one message naming verb, resource and the Role rule; the run goes on', async () => {
      sim.faults.forbid('events', '*');
      const out = path.join(dir, 'rbac-out');
      const res = await runCli(['run', scenario(false), '--out', out, '--quiet'], { env: cleanEnv() });
      expect(res.code).toBe(0);
      const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
      expect(summary.totals.requests).toBe(3);
      expect(summary.scaling?.problems).toHaveLength(1);
      expect(summary.scaling?.problems[0]).toMatch(/events/);
      expect(summary.scaling?.problems[0]).toMatch(/list|watch/);
      expect(summary.scaling?.problems[0]).toMatch(/resources: \["events"\]/);
      expect(summary.scaling?.hpas.map((h) => h.name)).toEqual(['web']);
    }, 30_000);

    it('with required: true the run stops before any load, exit 1', async () => {
      sim.faults.forbid('horizontalpodautoscalers', '*');
      const out = path.join(dir, 'rbac-required');
      const res = await runCli(['run', scenario(true), '--out', out, '--quiet'], { env: cleanEnv() });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/horizontalpodautoscalers.*kubernetes\.required is true/);
    }, 30_000);
  });
});
