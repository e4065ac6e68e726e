import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startKubeSim, type KubeSim } from '../generator/src/kube-sim';
import { startKubeWatcher, type KubeWatcher, type ScalingEpisode, type KubeLogRecord, type HpaSample } from '../generator/src/kube';

const SYNC_MS = 300;

/**
 * The watcher against the Kubernetes API simulator (a protocol-faithful stand-in: no cluster can run
 * here). Each case scales 1 → 3 → 1 once; whatever fault hits the watches meanwhile, exactly those
 * two episodes must come out — none lost, none doubled.
 */
describe('Kubernetes watcher against the API simulator', () => {
  let dir: string;
  let sim: KubeSim;
  let watcher: KubeWatcher | undefined;
  let usage: number;
  let episodes: ScalingEpisode[];
  let logs: KubeLogRecord[];
  let samples: HpaSample[];
  let messages: string[];

  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-watcher-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    sim = await startKubeSim({ namespace: 'ml', syncPeriodMs: SYNC_MS, podStartDelayMs: 1500, podStopDelayMs: 200, bookmarkIntervalMs: 200, metricsResolutionMs: 500 });
    usage = 40;
    sim.addDeployment({ name: 'web', replicas: 1, cpuRequestMillis: 100, cpuUsagePerPod: () => usage });
    sim.addHpa({ name: 'web', target: 'web', minReplicas: 1, maxReplicas: 3, targetCpuUtilization: 50, behavior: { scaleDown: { stabilizationWindowSeconds: 1 } } });
    episodes = []; logs = []; samples = []; messages = [];
    await until(() => sim.readyReplicas('web') === 1, 5000);
  });
  afterEach(async () => {
    await watcher?.stop();
    watcher = undefined;
    await sim.close();
  });

  const until = async (what: () => boolean, ms: number): Promise<void> => {
    for (const end = Date.now() + ms; !what(); await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > end) throw new Error('condition not reached in time');
    }
  };
  const start = async (extra: { watchdogMs?: number } = {}): Promise<KubeWatcher> => {
    watcher = await startKubeWatcher({
      kubeconfig: sim.writeKubeconfig(dir), hpas: ['web'], metricsPollMs: 500, watchdogMs: extra.watchdogMs ?? 1500,
      listener: { hpa: (s) => samples.push(s), scaleTarget: () => undefined, podMetrics: () => undefined, log: (r) => logs.push(r), episode: (e) => episodes.push(e) },
      log: (m) => messages.push(m),
    });
    return watcher;
  };
  /** Load up (t0 marked like `scaletrace run` does), fault while the new pods start, load down, fault again. */
  const scaleUpAndDown = async (w: KubeWatcher, fault: () => Promise<void> | void): Promise<void> => {
    w.markLoadStep(Date.now(), 'up');
    usage = 150; // 300 % of target → desired 3 in one decision
    await until(() => sim.history().some((h) => h.kind === 'desired' && h.to === 3), 5000);
    await fault();
    await until(() => episodes.length === 1, 10_000);
    w.markLoadStep(Date.now(), 'down');
    usage = 5;
    await until(() => sim.history().some((h) => h.kind === 'desired' && h.to === 1), 8000);
    await fault();
    await until(() => episodes.length === 2, 10_000);
    await new Promise((r) => setTimeout(r, 600)); // room for a duplicate to show up, if there were one
  };
  const expectTwoEpisodes = (): void => {
    expect(episodes.map((e) => [e.direction, e.from, e.to, e.complete])).toEqual([['up', 1, 3, true], ['down', 3, 1, true]]);
    const summary = watcher?.summary();
    expect(summary?.hpas[0]?.episodes).toHaveLength(2);
  };

  it('measures lags within one sync period of the simulator\'s ground truth; metrics, spans-to-be and events come through', async () => {
    const w = await start();
    await scaleUpAndDown(w, () => undefined);
    expectTwoEpisodes();
    const [up, down] = episodes as [ScalingEpisode, ScalingEpisode];
    const truth = sim.history();
    const decidedUp = truth.find((h) => h.kind === 'desired' && h.to === 3)?.at ?? 0;
    const lastReady = truth.filter((h) => h.kind === 'podReady').map((h) => h.at).sort().pop() ?? 0;
    expect(Math.abs(up.decidedAt - decidedUp)).toBeLessThan(SYNC_MS);
    expect(Math.abs((up.readyAt ?? 0) - lastReady)).toBeLessThan(SYNC_MS);
    expect(up.lags.detectionS).toBeCloseTo((decidedUp - up.t0) / 1000, 0);
    expect(up.lags.actuationS).toBeGreaterThanOrEqual(1.4); // the simulator's 1.5 s pod start
    expect(up.lags.totalS).toBeCloseTo(up.lags.detectionS + (up.lags.actuationS ?? 0), 2);
    expect(up.deficitReplicaSeconds).toBeGreaterThan(2);
    expect(up.steps.some((s) => /^SuccessfulRescale: New size: 3; reason: cpu resource utilization \(percentage of request\) above target$/.test(s.what))).toBe(true);
    expect(up.steps.filter((s) => /^pod web-.* Ready$/.test(s.what))).toHaveLength(2);
    expect(Math.abs((up.rescaleEventAt ?? 0) - up.decidedAt)).toBeLessThan(SYNC_MS); // the SuccessfulRescale cross-check
    expect(down.lags.detectionS).toBeGreaterThanOrEqual(1); // the 1 s stabilization window
    expect(down.steps.map((s) => s.what)).toEqual(expect.arrayContaining(['desired 3 → 1', '1 ready']));
    expect(logs.some((l) => l.attributes['k8s.event.reason'] === 'SuccessfulRescale' && /below target/.test(l.body))).toBe(true);
    expect(samples.some((s) => s.metrics[0]?.current === 150 && s.metrics[0]?.target === 50)).toBe(true); // 150 m of a 100 m request
    expect(messages).toEqual([]);
  }, 40_000);

  it('watch streams cut mid-run: reconnects, no episode lost or doubled', async () => {
    const w = await start();
    await scaleUpAndDown(w, () => sim.faults.cutWatches());
    expectTwoEpisodes();
  }, 40_000);

  it('API server restart: backs off, reconnects, no episode lost or doubled', async () => {
    const w = await start();
    await scaleUpAndDown(w, () => sim.faults.restart(700));
    expectTwoEpisodes();
    expect(messages.some((m) => /reconnecting in/.test(m))).toBe(true);
  }, 40_000);

  it('410 Gone (compacted history): relists, no episode lost or doubled', async () => {
    const w = await start();
    await scaleUpAndDown(w, () => { sim.faults.compact(); sim.faults.cutWatches(); });
    expectTwoEpisodes();
    expect(messages.filter((m) => /410 Gone.*relisting/.test(m)).length).toBeGreaterThanOrEqual(2);
  }, 40_000);

  it('half-open watches (connected, silent): the watchdog re-watches, no episode lost or doubled', async () => {
    const w = await start({ watchdogMs: 1000 });
    await scaleUpAndDown(w, () => sim.faults.halfOpen());
    expectTwoEpisodes();
    expect(messages.some((m) => /no event or bookmark for 1000 ms/.test(m))).toBe(true);
  }, 40_000);

  it('pod crashes (OOMKilled, CrashLoopBackOff) become pod failures and ERROR log records; pod usage comes from metrics.k8s.io', async () => {
    const metrics: Array<{ pod: string; cpuCores: number }> = [];
    watcher = await startKubeWatcher({
      kubeconfig: sim.writeKubeconfig(dir), metricsPollMs: 300,
      listener: { hpa: () => undefined, scaleTarget: () => undefined, podMetrics: (m) => metrics.push(m), log: (r) => logs.push(r), episode: () => undefined },
    });
    const [pod] = sim.readyPodNames('web');
    await until(() => metrics.length > 0, 3000);
    expect(metrics[0]).toMatchObject({ pod, cpuCores: 0.04 }); // 40 m
    sim.podCrash(pod as string, 'OOMKilled');
    await until(() => (watcher?.summary().hpas[0]?.podFailures.length ?? 0) >= 2, 3000);
    expect(watcher.summary().hpas[0]?.podFailures.map((f) => [f.pod, f.reason])).toEqual([[pod, 'OOMKilled'], [pod, 'CrashLoopBackOff']]);
    expect(logs.filter((l) => l.severity === 'ERROR').map((l) => l.attributes['k8s.event.reason'])).toEqual(['OOMKilled', 'CrashLoopBackOff']);
    expect(logs.some((l) => l.attributes['k8s.event.reason'] === 'BackOff' && l.severity === 'WARN')).toBe(true);
  }, 20_000);

  it('no metrics-server: said once, not fatal; no autoscaling/v2: a clear startup error', async () => {
    const bare = await startKubeSim({ namespace: 'ml', syncPeriodMs: SYNC_MS, podStartDelayMs: 100, serveMetricsApi: false });
    const old = await startKubeSim({ namespace: 'ml', autoscalingVersions: ['v1'] });
    try {
      bare.addDeployment({ name: 'web', replicas: 1, cpuRequestMillis: 100, cpuUsagePerPod: () => 10 });
      bare.addHpa({ name: 'web', target: 'web', minReplicas: 1, maxReplicas: 2, targetCpuUtilization: 50 });
      const said: string[] = [];
      const w = await startKubeWatcher({
        kubeconfig: bare.writeKubeconfig(dir, { file: path.join(dir, 'bare.yaml') }), metricsPollMs: 200,
        listener: { hpa: () => undefined, scaleTarget: () => undefined, podMetrics: () => undefined, log: () => undefined, episode: () => undefined },
        log: (m) => said.push(m),
      });
      await new Promise((r) => setTimeout(r, 1500));
      const summary = await w.stop();
      expect(said.filter((m) => /metrics-server not available/.test(m))).toHaveLength(1);
      expect(summary.problems).toEqual([expect.stringMatching(/^metrics-server not available \(metrics\.k8s\.io\/v1beta1 404\)/)]);
      expect(summary.hpas.map((h) => h.name)).toEqual(['web']);

      await expect(startKubeWatcher({
        kubeconfig: old.writeKubeconfig(dir, { file: path.join(dir, 'old.yaml') }),
        listener: { hpa: () => undefined, scaleTarget: () => undefined, podMetrics: () => undefined, log: () => undefined, episode: () => undefined },
      })).rejects.toThrow(/does not serve autoscaling\/v2 \(Kubernetes ≥ 1\.23 needed\); served autoscaling versions: v1$/);
    } finally {
      await bare.close();
      await old.close();
    }
  }, 20_000);

  it('403 on events: one clear message, the rest keeps working', async () => {
    sim.faults.forbid('events', '*');
    const w = await start();
    await scaleUpAndDown(w, () => undefined);
    expectTwoEpisodes();
    expect(w.summary().problems).toEqual([expect.stringMatching(/^forbidden to list events in namespace "ml" \(403\); add to the Role: - apiGroups: \[""\] resources: \["events"\]/)]);
  }, 40_000);

  it('a named HPA that does not exist: one clear problem, and it is picked up when it appears', async () => {
    const said: string[] = [];
    watcher = await startKubeWatcher({
      kubeconfig: sim.writeKubeconfig(dir), hpas: ['web', 'api'],
      listener: { hpa: (s) => samples.push(s), scaleTarget: () => undefined, podMetrics: () => undefined, log: () => undefined, episode: () => undefined },
      log: (m) => said.push(m),
    });
    expect(watcher.summary().problems).toEqual(['HorizontalPodAutoscaler "api" not found in namespace "ml" (found: web); watching for it']);
    expect(said).toContain('HorizontalPodAutoscaler "api" not found in namespace "ml" (found: web); watching for it');
    sim.addDeployment({ name: 'api', replicas: 1, cpuRequestMillis: 100, cpuUsagePerPod: () => 10 });
    sim.addHpa({ name: 'api', target: 'api', minReplicas: 1, maxReplicas: 2, targetCpuUtilization: 50 });
    await until(() => samples.some((s) => s.hpa === 'api'), 5000);
    expect(watcher.summary().hpas.map((h) => h.name).sort()).toEqual(['api', 'web']);
  }, 20_000);
});
