import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startKubeSim, type KubeSim } from '../generator/src/kube-sim';
import { WorkloadControl } from '../generator/src/kube';

const until = async (ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  for (const end = Date.now() + ms; !(await ok());) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** The writes faults and the matrix make, through client-node against the Kubernetes API simulator (not a cluster). */
describe('WorkloadControl against the Kubernetes API simulator', () => {
  let sim: KubeSim;
  let dir: string;
  let control: WorkloadControl;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-control-'));
    sim = await startKubeSim({ namespace: 'shop', syncPeriodMs: 60_000, podStartDelayMs: 300, podStopDelayMs: 2000 });
    sim.addDeployment({ name: 'web', replicas: 2, cpuRequestMillis: 100, cpuUsagePerPod: () => 10 });
    sim.addHpa({ name: 'web', target: 'web', minReplicas: 1, maxReplicas: 5, targetCpuUtilization: 50 });
    control = await WorkloadControl.connect({ kubeconfig: sim.writeKubeconfig(dir) });
    await until(() => sim.readyReplicas('web') === 2);
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deleting a pod (DELETE with gracePeriodSeconds) terminates it at once and its ReplicaSet replaces it after the start delay', async () => {
    const before = await control.listPods('app=web');
    expect(before.filter((p) => p.ready)).toHaveLength(2);
    const victim = before[0]?.name as string;
    await control.deletePod(victim, 1);
    const after = await control.listPods('app=web');
    expect(after.find((p) => p.name === victim)).toMatchObject({ ready: false, terminating: true });
    expect(after.filter((p) => !p.terminating)).toHaveLength(2); // the replacement, still Pending
    expect(sim.readyReplicas('web')).toBe(1);
    await until(async () => (await control.listPods('app=web')).filter((p) => p.ready && !p.terminating).length === 2);
    // The grace period (1 s) cut the 2 s stop delay short.
    await until(() => sim.history().some((h) => h.kind === 'podDeleted' && h.pod === victim), 3000);
    const del = sim.history().find((h) => h.kind === 'deleteRequested' && h.pod === victim);
    const gone = sim.history().find((h) => h.kind === 'podDeleted' && h.pod === victim);
    expect((gone?.at ?? 0) - (del?.at ?? 0)).toBeLessThan(1900);
  });

  it('pins replicas through the scale subresource and the HPA min/max through a merge patch', async () => {
    expect(await control.scale('web')).toBe(2);
    expect(await control.hpaRange('web')).toEqual({ minReplicas: 1, maxReplicas: 5, target: { kind: 'Deployment', name: 'web' } });
    await control.setHpaRange('web', { minReplicas: 3, maxReplicas: 3 });
    await control.setScale('web', 3);
    expect(sim.hpaRange('web')).toEqual({ minReplicas: 3, maxReplicas: 3 });
    await until(async () => (await control.deploymentReplicas('web')).ready === 3);
    expect(await control.deploymentReplicas('web')).toEqual({ spec: 3, ready: 3, updated: 3 });
    await expect(control.setHpaRange('web', { minReplicas: 4, maxReplicas: 2 })).rejects.toThrow(/422 .*maxReplicas/);
    await control.setHpaRange('web', { minReplicas: 1, maxReplicas: 5 });
    expect(sim.hpaRange('web')).toEqual({ minReplicas: 1, maxReplicas: 5 });
  });

  it('a 403 names the verb, the resource and the Role rule that would allow it', async () => {
    sim.faults.forbid('pods', 'delete');
    sim.faults.forbid('deployments/scale', 'patch');
    try {
      await expect(control.deletePod('whatever')).rejects.toThrow('forbidden to delete pods in namespace "shop" (403); add to the Role: - apiGroups: [""] resources: ["pods"] verbs: ["delete"]');
      await expect(control.setScale('web', 1)).rejects.toThrow('resources: ["deployments/scale"] verbs: ["get","patch"]');
    } finally {
      sim.faults.clear();
    }
    await expect(control.deletePod('no-such-pod')).rejects.toThrow(/404 pods "no-such-pod" not found/);
  });
});
