import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startKubeSim, type KubeSim } from '../generator/src/kube-sim';

type K8s = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });

/** The Kubernetes API simulator, exercised with the real @kubernetes/client-node through the kubeconfig it writes. */
describe('Kubernetes API simulator with @kubernetes/client-node', () => {
  let k8s: K8s;
  let sim: KubeSim;
  let dir: string;
  let kc: InstanceType<K8s['KubeConfig']>;
  let usage = 20;

  beforeAll(async () => {
    k8s = await import('@kubernetes/client-node');
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-sim-'));
  });
  beforeEach(async () => {
    sim = await startKubeSim({ namespace: 'ml', syncPeriodMs: 300, podStartDelayMs: 250, podStopDelayMs: 100, bookmarkIntervalMs: 200, metricsResolutionMs: 1000 });
    usage = 20;
    sim.addDeployment({ name: 'web', replicas: 1, cpuRequestMillis: 100, cpuUsagePerPod: () => usage });
    sim.addHpa({
      name: 'web', target: 'web', minReplicas: 1, maxReplicas: 4, targetCpuUtilization: 50,
      behavior: { scaleDown: { stabilizationWindowSeconds: 1 } },
    });
    kc = new k8s.KubeConfig();
    kc.loadFromFile(sim.writeKubeconfig(dir));
  });
  afterEach(async () => { await sim.close(); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const until = async (what: () => boolean, ms: number): Promise<void> => {
    for (const end = Date.now() + ms; !what(); await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > end) throw new Error('condition not reached in time');
    }
  };

  it('lists and gets with the typed APIs; the kubeconfig context carries the namespace', async () => {
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe('ml');
    const hpas = await kc.makeApiClient(k8s.AutoscalingV2Api).listNamespacedHorizontalPodAutoscaler({ namespace: 'ml' });
    expect(hpas.items.map((h) => [h.metadata?.name, h.spec?.scaleTargetRef.name, h.spec?.maxReplicas])).toEqual([['web', 'web', 4]]);
    expect(Number(hpas.metadata?.resourceVersion)).toBeGreaterThan(1000);
    const dep = await kc.makeApiClient(k8s.AppsV1Api).readNamespacedDeployment({ name: 'web', namespace: 'ml' });
    expect(dep.spec?.replicas).toBe(1);
    await until(() => sim.readyReplicas('web') === 1, 3000);
    const pods = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'ml', labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0]?.metadata?.name).toMatch(/^web-[0-9a-f]{10}-[a-z0-9]{5}$/);
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.30.0-scaletrace-sim');
  });

  it('401 without the token, 403 Status when forbidden, 404 for unknown objects', async () => {
    const bad = new k8s.KubeConfig();
    bad.loadFromFile(sim.writeKubeconfig(dir, { token: 'wrong', file: path.join(dir, 'bad.yaml') }));
    await expect(bad.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'ml' })).rejects.toMatchObject({ code: 401 });
    sim.faults.forbid('events', '*');
    const err = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedEvent({ namespace: 'ml' }).catch((e: unknown) => e) as { code: number; body: string };
    expect(err.code).toBe(403);
    expect(JSON.parse(err.body)).toMatchObject({
      kind: 'Status', reason: 'Forbidden', code: 403,
      message: 'events is forbidden: User "system:serviceaccount:ml:scaletrace" cannot list resource "events" in API group "" in the namespace "ml"',
    });
    await expect(kc.makeApiClient(k8s.AppsV1Api).readNamespacedDeployment({ name: 'nope', namespace: 'ml' })).rejects.toMatchObject({ code: 404 });
  });

  it('watch: events from a resourceVersion, BOOKMARKs, 410 Gone after compaction, and cut streams end the watch', async () => {
    const list = await kc.makeApiClient(k8s.AppsV1Api).listNamespacedDeployment({ namespace: 'ml' });
    const seen: string[] = [];
    let ended: unknown = 'open';
    const watch = new k8s.Watch(kc);
    const ctl = await watch.watch('/apis/apps/v1/namespaces/ml/deployments', { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
      (type: string) => { seen.push(type); }, (err: unknown) => { ended = err; });
    // kubectl scale: a merge patch of the scale subresource.
    await kc.makeApiClient(k8s.AppsV1Api).patchNamespacedDeploymentScale({ name: 'web', namespace: 'ml', body: { spec: { replicas: 3 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await until(() => seen.includes('MODIFIED') && seen.includes('BOOKMARK'), 3000);
    expect(seen[0]).not.toBe('ADDED'); // resumed from the list's version: no replay of the initial state
    sim.faults.cutWatches();
    await until(() => ended !== 'open', 3000);
    ctl.abort();

    sim.faults.compact();
    const types: Array<[string, number | undefined]> = [];
    await watch.watch('/apis/apps/v1/namespaces/ml/deployments', { resourceVersion: list.metadata?.resourceVersion },
      (type: string, obj: { code?: number }) => { types.push([type, obj.code]); }, () => undefined);
    await until(() => types.length > 0, 3000);
    expect(types[0]).toEqual(['ERROR', 410]);
  });

  it('the HPA scales up on high utilization with the real event message, and down after the stabilization window', async () => {
    await until(() => sim.readyReplicas('web') === 1, 3000);
    usage = 100; // 200 % of a 50 % target → 2× replicas per sync (within the default +100 % policy)
    await until(() => sim.readyReplicas('web') === 4, 8000);
    const events = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedEvent({ namespace: 'ml', fieldSelector: 'involvedObject.name=web' });
    const rescales = events.items.filter((e) => e.reason === 'SuccessfulRescale').map((e) => e.message);
    expect(rescales[0]).toBe('New size: 2; reason: cpu resource utilization (percentage of request) above target');
    // With all 4 pods Ready at 200 %, the next sync wants 8 and is held at maxReplicas.
    const autoscaling = kc.makeApiClient(k8s.AutoscalingV2Api);
    let limited: { reason?: string } | undefined;
    for (const end = Date.now() + 3000; limited?.reason !== 'TooManyReplicas' && Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      const h = await autoscaling.readNamespacedHorizontalPodAutoscaler({ name: 'web', namespace: 'ml' });
      limited = h.status?.conditions?.find((c) => c.type === 'ScalingLimited');
    }
    expect(limited).toMatchObject({ status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
    usage = 5;
    await until(() => sim.readyReplicas('web') === 1 && sim.history().some((h) => h.kind === 'podDeleted'), 8000);
    const history = sim.history();
    const ups = history.filter((h) => h.kind === 'desired' && (h.to ?? 0) > (h.from ?? 0));
    expect(ups.map((h) => [h.from, h.to])).toEqual([[1, 2], [2, 4]]);
    const metrics = await new k8s.Metrics(kc).getPodMetrics('ml');
    expect(metrics.items[0]?.containers[0]?.usage.cpu).toBe('5000000n');
  }, 30_000);

  it('restart: the API goes away and comes back on the same port with its state', async () => {
    await sim.faults.restart(200);
    const hpas = await kc.makeApiClient(k8s.AutoscalingV2Api).listNamespacedHorizontalPodAutoscaler({ namespace: 'ml' });
    expect(hpas.items).toHaveLength(1);
  });

  // What kubectl revealed (test/playground.test.ts drives the real kubectl): the details below.
  it('discovery: every group version /apis lists is served, with short names and the scale subresource; autoscaling/v1 HPAs in the v1 shape', async () => {
    const get = async (p: string): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await fetch(`${sim.url}${p}`, { headers: { authorization: `Bearer ${sim.token}` } });
      return { status: res.status, body: await res.json() as Record<string, unknown> };
    };
    const groups = (await get('/apis')).body.groups as Array<{ versions: Array<{ groupVersion: string }> }>;
    for (const gv of groups.flatMap((g) => g.versions.map((v) => v.groupVersion))) expect([gv, (await get(`/apis/${gv}`)).status]).toEqual([gv, 200]);
    const resources = async (gv: string) => (await get(gv)).body.resources as Array<{ name: string; shortNames?: string[]; kind: string; group?: string; version?: string }>;
    expect((await resources('/api/v1')).map((r) => [r.name, r.shortNames])).toEqual([['events', ['ev']], ['pods', ['po']]]);
    expect((await resources('/apis/apps/v1')).map((r) => [r.name, r.kind, r.shortNames ?? r.group])).toEqual([
      ['deployments', 'Deployment', ['deploy']], ['deployments/scale', 'Scale', 'autoscaling'], ['replicasets', 'ReplicaSet', ['rs']],
    ]);
    expect((await resources('/apis/autoscaling/v2')).map((r) => [r.name, r.shortNames])).toEqual([['horizontalpodautoscalers', ['hpa']]]);
    const v1 = await kc.makeApiClient(k8s.AutoscalingV1Api).readNamespacedHorizontalPodAutoscaler({ name: 'web', namespace: 'ml' });
    expect([v1.apiVersion, v1.spec?.targetCPUUtilizationPercentage, v1.spec?.maxReplicas]).toEqual(['autoscaling/v1', 50, 4]);
    // The Deployment's ReplicaSet exists as an object (kubectl get rs / describe deployment).
    const rs = await kc.makeApiClient(k8s.AppsV1Api).listNamespacedReplicaSet({ namespace: 'ml' });
    expect(rs.items.map((r) => [r.metadata?.ownerReferences?.[0]?.name, r.spec?.replicas])).toEqual([['web', 1]]);
  });

  it('a watch answers its headers at once, and the HPA controller writes its status only when it changes', async () => {
    const auth = { authorization: `Bearer ${sim.token}` };
    // A watch no event will ever match: its 200 must come anyway (kubectl delete waits on one like it).
    const quiet = await fetch(`${sim.url}/api/v1/namespaces/ml/pods?watch=true&fieldSelector=metadata.name%3Dnone`,
      { headers: auth, signal: AbortSignal.timeout(5000) });
    expect(quiet.status).toBe(200);
    await quiet.body?.cancel();
    await until(() => sim.readyReplicas('web') === 1, 3000);
    const list = await kc.makeApiClient(k8s.AutoscalingV2Api).listNamespacedHorizontalPodAutoscaler({ namespace: 'ml' });
    const res = await fetch(`${sim.url}/apis/autoscaling/v2/namespaces/ml/horizontalpodautoscalers?watch=true&resourceVersion=${list.metadata?.resourceVersion}`,
      { headers: auth, signal: AbortSignal.timeout(10_000) });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const events = (): number => text.split('\n').filter(Boolean).length;
    const pump = (async () => {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += Buffer.from(chunk.value).toString();
    })().catch(() => undefined);
    // Steady usage: the first syncs record the metric, then nothing changes; these are observation windows.
    const window = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    await window(1500);
    const settled = events();
    await window(2000); // ≈ 6 syncs at 300 ms
    await reader.cancel();
    await pump;
    expect(events()).toBe(settled);
  });
});
