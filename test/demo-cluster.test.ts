import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pool, request } from 'undici';
import { startDemoCluster, type DemoCluster } from '../generator/src/demo-cluster';
import { cleanEnv } from './helpers/cli';

/** Closed-loop load: `workers` requests in flight at all times for `ms`; 200s per second and serving pods. */
async function drive(pool: Pool, workers: number, ms: number): Promise<{ okPerSecond: number; pods: Set<string>; statuses: Record<number, number> }> {
  const pods = new Set<string>();
  const statuses: Record<number, number> = {};
  let ok = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (performance.now() < end) {
      const res = await pool.request({ method: 'POST', path: '/predict', body: '{"x":1}', headersTimeout: 10_000 });
      await res.body.dump();
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode === 200) ok++;
      pods.add(String(res.headers['x-scaletrace-instance']));
    }
  }));
  return { okPerSecond: ok / ((performance.now() - t0) / 1000), pods, statuses };
}

const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

/**
 * The demo cluster: the demo target standing for a Deployment with CPU limits, behind the
 * Kubernetes API simulator (not a cluster) running the real HPA algorithm on compressed time.
 */
describe('demo cluster (demo target + Kubernetes API simulator)', () => {
  let dir: string;
  let cluster: DemoCluster | undefined;
  let pool: Pool | undefined;

  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-cluster-')); });
  afterAll(async () => {
    await pool?.close();
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scales out under load above one pod, capacity follows the Ready pods, and close() leaves nothing behind', async () => {
    cluster = await startDemoCluster({ dir, env: cleanEnv() });
    const { sim, deployment } = cluster;
    expect(cluster.targetUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(cluster.kubeconfig, 'utf8')).toContain(`server: ${sim.url}`);
    expect(sim.readyReplicas(deployment)).toBe(1);
    const firstPod = sim.readyPodNames(deployment);
    expect(firstPod).toHaveLength(1);

    pool = new Pool(cluster.targetUrl, { connections: 30 });
    // 30 requests in flight, within what one pod admits (4 workers + 28 queued): throughput is its capacity.
    // The first HPA sync comes ≥ 2 s after start, a new pod is Ready 3 s later: this window is one pod.
    const one = await drive(pool, 30, 2000);
    const readyDuringOne = sim.readyReplicas(deployment);
    expect([...one.pods]).toEqual(firstPod);
    expect(Object.keys(one.statuses)).toEqual(['200']);

    // Keep the load on until the HPA has scaled out and at least three pods are Ready.
    for (const end = Date.now() + 25_000; sim.readyReplicas(deployment) < 3 && Date.now() < end;) await drive(pool, 30, 500);
    const ready = sim.readyReplicas(deployment);
    expect(ready).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 200)); // the pod list reaches the target over IPC

    const many = await drive(pool, 30, 2000);
    const podNames = sim.readyPodNames(deployment);
    // Each response names a pod the simulator really ran Ready (the first pod was Ready before the load).
    const history = sim.history();
    const becameReady = new Set([...firstPod, ...history.filter((h) => h.kind === 'podReady').map((h) => h.pod)]);
    for (const pod of many.pods) expect(becameReady).toContain(pod);
    expect(many.pods.size).toBeGreaterThanOrEqual(3);
    // The simulator's ground truth: its HPA wrote a scale-up of the Deployment.
    expect(history.some((h) => h.kind === 'scale' && h.deployment === deployment && (h.to ?? 0) > (h.from ?? 0))).toBe(true);

    const stats = await cluster.target.stats();
    expect(stats.settings.pods.length).toBeGreaterThanOrEqual(3);
    for (const pod of many.pods) expect(stats.servedByPod[pod]).toBeGreaterThan(0);
    // The HPA read real CPU: a saturated pod uses about its 200 m limit.
    expect(stats.cpuMillisPerPod).toBeGreaterThan(100);

    // Capacity follows Ready pods: one pod serves ~100 /predict/s; three or more serve well over 1.5×.
    console.log(`demo cluster: ${one.okPerSecond.toFixed(0)}/s with ${readyDuringOne} pod, ${many.okPerSecond.toFixed(0)}/s with ${ready}+ pods (${podNames.length} at the end); statuses ${JSON.stringify(many.statuses)}`);
    expect(readyDuringOne).toBe(1);
    expect(one.okPerSecond).toBeGreaterThan(30); // a busy machine's preemptions eat into the quota too
    expect(one.okPerSecond).toBeLessThan(160);
    expect(many.okPerSecond).toBeGreaterThan(1.5 * one.okPerSecond);

    await pool.close();
    pool = undefined;
    const { pid } = cluster.target;
    const simUrl = sim.url;
    await cluster.close();
    cluster = undefined;
    expect(alive(pid)).toBe(false);
    await expect(request(`${simUrl}/version`, { headersTimeout: 2000 })).rejects.toThrow();
  }, 55_000);
});
