import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDemoCluster, type DemoCluster } from '../generator/src/demo-cluster';
import { WorkloadControl } from '../generator/src/kube';
import type { Summary } from '../generator/src/results';
import { cleanEnv, runCli } from './helpers/cli';

/**
 * A fault during the load against the demo cluster — the demo target behind the Kubernetes API
 * simulator (not a cluster): a pod deleted through the API, its replacement Ready after the start
 * delay, the capacity following the Ready pods, and the impact reported in the summary.
 */
describe('faults during load (demo cluster: demo target + Kubernetes API simulator)', () => {
  let dir: string;
  let cluster: DemoCluster;
  let control: WorkloadControl;
  let out: string;
  let summary: Summary;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-faults-'));
    cluster = await startDemoCluster({ dir, env: cleanEnv() });
    control = await WorkloadControl.connect({ kubeconfig: cluster.kubeconfig });
    // Two pods held by the HPA (min = max = 2), so the fault, not the autoscaler, moves the replicas.
    await control.setHpaRange(cluster.hpa, { minReplicas: 2, maxReplicas: 2 });
    await control.setScale(cluster.deployment, 2);
    for (const end = Date.now() + 15_000; cluster.sim.readyReplicas(cluster.deployment) < 2 && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes a pod at its time, and the summary reports errors caused, latency meanwhile and when Ready pods and p95 were back', async () => {
    expect(cluster.sim.readyReplicas(cluster.deployment)).toBe(2);
    const before = cluster.sim.readyPodNames(cluster.deployment);
    const file = path.join(dir, 'pod-kill.yaml');
    writeFileSync(file, [
      'name: pod-kill',
      `target: ${cluster.targetUrl}`,
      'requests: [{ name: predict, method: POST, path: /predict, body: \'{"x": 1}\' }]',
      // 150/s over two pods of ~100/s each: one pod alone is over capacity (its queue fills, latency
      // rises) until the replacement is Ready. At 100/s it was exactly at capacity, and on a busy
      // machine the recovery p95 could stay under the baseline's.
      'load: { model: open, rate: 150, duration: 16s }',
      `kubernetes: { kubeconfig: ${cluster.kubeconfig}, hpas: [${cluster.hpa}], podHeader: x-scaletrace-instance, metricsPoll: 1s }`,
      'faults:',
      '  - { name: kill-one, at: 5s, deletePods: { selector: app=demo-target, count: 1, gracePeriod: 0s, pick: oldest } }',
      '',
    ].join('\n'));
    out = path.join(dir, 'results');
    const res = await runCli(['run', file, '--out', out], { timeoutMs: 60_000 });
    expect(res.code).toBe(0);
    summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
    const [fault] = summary.faults ?? [];
    expect(summary.faults).toHaveLength(1);
    expect(fault).toMatchObject({ name: 'kill-one', action: 'deletePods', target: 'app=demo-target', readyBefore: 2, pods: [before[0]] });
    expect(fault?.error).toBeUndefined();
    expect(fault?.elapsedS).toBeGreaterThanOrEqual(5);
    expect(fault?.elapsedS).toBeLessThan(9);
    // The replacement needs the simulator's 3 s start delay; generous upper bound for a busy machine.
    expect(fault?.readyBackS).toBeGreaterThanOrEqual(2.5);
    expect(fault?.readyBackS).toBeLessThan(10);
    expect(fault?.latencyDuringRecovery.p95MaxMs).toBeGreaterThan(fault?.baseline.p95Ms ?? Infinity);
    expect(fault?.errorsCaused).toBeGreaterThanOrEqual(0);
    expect(fault?.errorsDuring).toBeGreaterThanOrEqual(fault?.errorsCaused ?? 0);
    expect(fault?.baseline.rps).toBeGreaterThan(10);

    // Ground truth: the simulator got the DELETE of that pod, then its ReplicaSet's replacement became Ready.
    const history = cluster.sim.history();
    const deleted = history.find((h) => h.kind === 'deleteRequested');
    expect(deleted?.pod).toBe(before[0]);
    const replacement = history.find((h) => h.kind === 'podReady' && h.at > (deleted?.at ?? 0));
    expect(replacement).toBeDefined();
    expect(((replacement?.at ?? 0) - (deleted?.at ?? 0)) / 1000).toBeLessThanOrEqual((fault?.readyBackS ?? 0) + 0.5);

    expect(res.stderr).toContain(`scaletrace: faults: fault kill-one: deleted pod ${before[0]} (app=demo-target)`);
    expect(res.stdout).toMatch(/FAULTS\n {4}kill-one at \d+\.\d s: deleted .* \(app=demo-target\); \d+ errors caused/);
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toContain('## Faults');
  }, 90_000);

  it('scaletrace dataset turns that run into an aligned per-step table (exact counts, HPA replicas, pod CPU/memory) and a replica analysis', async () => {
    expect(summary).toBeDefined();
    const res = await runCli(['dataset', out, '--step', '2s'], { timeoutMs: 30_000 });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const [header, ...lines] = readFileSync(path.join(out, 'dataset.csv'), 'utf8').trim().split('\n');
    const hpa = `hpa_${cluster.hpa}`;
    expect(header).toBe(`time,elapsed_s,step_s,request,target,achieved_rps,p50_ms,p95_ms,p99_ms,requests,errors,${hpa}_current,${hpa}_desired,${hpa}_ready,${hpa}_cpu_cores,${hpa}_memory_mib`);
    const rows = lines.map((l) => Object.fromEntries((header as string).split(',').map((k, i) => [k, l.split(',')[i] ?? ''])));
    const all = rows.filter((r) => r.request === '*');
    expect(rows.filter((r) => r.request === 'predict')).toHaveLength(all.length);
    expect(all.length).toBe(Math.ceil(summary.run.durationS / 2));
    // Every request and error of the run is in exactly one step.
    expect(all.reduce((a, r) => a + Number(r.requests), 0)).toBe(summary.totals.requests);
    expect(all.reduce((a, r) => a + Number(r.errors), 0)).toBe(summary.totals.failed);
    for (const r of all) {
      expect(Number(r.target)).toBe(150);
      expect(Number(r.p50_ms)).toBeLessThanOrEqual(Number(r.p95_ms));
      expect(Number(r.p95_ms)).toBeLessThanOrEqual(Number(r.p99_ms));
    }
    // The HPA was held at 2; Ready dipped to 1 while the deleted pod's replacement started.
    expect(new Set(all.map((r) => r[`${hpa}_current`]))).toEqual(new Set(['2']));
    expect(all.map((r) => r[`${hpa}_ready`])).toContain('1');
    const withCpu = all.filter((r) => r[`${hpa}_cpu_cores`] !== '');
    expect(withCpu.length).toBeGreaterThanOrEqual(all.length / 2);
    expect(withCpu.some((r) => Number(r[`${hpa}_cpu_cores`]) > 0 && Number(r[`${hpa}_memory_mib`]) > 0)).toBe(true);
    expect(res.stdout).toContain(`hpa/${cluster.hpa}: time at replicas 2:`);
    expect(res.stdout).toContain(`hpa/${cluster.hpa}: 0 scaling events (0 up, 0 down); imbalance n/a (one replica count)`);
    expect(readFileSync(path.join(out, 'dataset-analysis.md'), 'utf8')).toContain(`## hpa/${cluster.hpa}`);
  }, 40_000);

  it('scaletrace dataset on a directory that is not a results directory exits 2 and says so', async () => {
    const res = await runCli(['dataset', dir], { timeoutMs: 30_000 });
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe(`scaletrace: ${dir}: not a scaletrace results directory (no summary.json)`);
  }, 40_000);
});
