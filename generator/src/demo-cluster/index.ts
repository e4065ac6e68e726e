/**
 * The demo's "cluster": the demo target standing for a Deployment of N pods with CPU limits, behind
 * the Kubernetes API simulator (NOT a cluster) running the real HPA algorithm on a compressed
 * timescale. Capacity follows the simulator's Ready pods; the HPA sees the target's real CPU use.
 */
import { spawnDemoTarget, type DemoTargetProcess } from '../demo-target';
import { startKubeSim, type HpaBehavior, type KubeSim, type KubeSimOptions } from '../kube-sim';

export interface DemoClusterOptions {
  /** Where the kubeconfig is written. */
  dir: string;
  /** Environment of the demo target process (OTEL_* for its server spans). */
  env?: NodeJS.ProcessEnv;
  /** Overrides of the compressed timescale (shorter for tests, a realistic pod start for the demo command). */
  timing?: Partial<DemoTiming>;
  /** The HPA's maxReplicas (default 8); a low one pins the HPA at max under a spike. */
  maxReplicas?: number;
  /** The API simulator's port (default: a free one) and whether it serves kubectl, which sends no token over http. */
  api?: Pick<KubeSimOptions, 'port' | 'anonymousAuth'>;
}

export interface DemoTiming {
  syncPeriodMs: number;
  podStartDelayMs: number;
  podStopDelayMs: number;
  metricsResolutionMs: number;
}

export interface DemoCluster {
  targetUrl: string;
  kubeconfig: string;
  namespace: string;
  deployment: string;
  hpa: string;
  podHeader: string;
  syncPeriodMs: number;
  timing: DemoTiming;
  minReplicas: number;
  maxReplicas: number;
  targetCpuUtilization: number;
  sim: KubeSim;
  target: DemoTargetProcess;
  close(): Promise<void>;
}

const NAME = 'demo-target';
/** 2 ms of CPU per /predict under a 200 m limit: one pod serves ~100 /predict per second. */
const CPU_COST = '2ms';
const CPU_LIMIT_MILLIS = 200;
/** Each pod is its own server: 4 workers and 28 waiting, so one pod sheds load (503) past ~0.3 s of queue. */
const PER_POD = { concurrency: 4, queueSize: 28 };
/** Compressed time for tests: a 2 s HPA sync and metrics resolution (15 s in a cluster), 3 s pod start. */
export const DEMO_TIMING: DemoTiming = { syncPeriodMs: 2000, podStartDelayMs: 3000, podStopDelayMs: 500, metricsResolutionMs: 2000 };
/**
 * `scaletrace demo`: the HPA's clock stays compressed so the story fits ~90 s, but a pod takes a
 * realistic 8 s from creation to Ready (image cached, app start, readiness probe), which makes
 * actuation the larger part of the lag, as in a cluster.
 */
export const DEMO_COMMAND_TIMING: DemoTiming = { ...DEMO_TIMING, podStartDelayMs: 8000 };
const BEHAVIOR: HpaBehavior = {
  scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 2 }, { type: 'Pods', value: 4, periodSeconds: 2 }] },
  scaleDown: { stabilizationWindowSeconds: 10, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 5 }] },
};

export async function startDemoCluster(opts: DemoClusterOptions): Promise<DemoCluster> {
  const timing: DemoTiming = { ...DEMO_TIMING, ...opts.timing };
  const autoscaling = { minReplicas: 1, maxReplicas: opts.maxReplicas ?? 8, targetCpuUtilization: 50 };
  const target = await spawnDemoTarget([
    '--cpu-cost', CPU_COST, '--cpu-limit', `${CPU_LIMIT_MILLIS}m`, '--concurrency', String(PER_POD.concurrency), '--queue', String(PER_POD.queueSize), '--instance', NAME,
  ], opts.env ?? process.env);
  let sim: KubeSim | undefined;
  let usageTimer: NodeJS.Timeout | undefined;
  try {
    sim = await startKubeSim({ namespace: 'demo', ...timing, bookmarkIntervalMs: 1000, ...opts.api });
    let usage = 0;
    // The HPA reads usage synchronously at each sync; keep a fresh copy of the target's measurement.
    usageTimer = setInterval(() => { void target.stats().then((s) => { usage = s.cpuMillisPerPod; }, () => undefined); }, 500);
    usageTimer.unref();
    sim.addDeployment({ name: NAME, replicas: 1, cpuRequestMillis: CPU_LIMIT_MILLIS, cpuUsagePerPod: () => usage });
    sim.addHpa({ name: NAME, target: NAME, ...autoscaling, behavior: BEHAVIOR });
    const s = sim;
    // Admission grows with the pods too (each has its own workers and queue), in one IPC message.
    const syncPods = (): void => {
      const pods = s.readyPodNames(NAME);
      const n = Math.max(1, pods.length);
      target.setOptions({ pods, concurrency: n * PER_POD.concurrency, queueSize: n * PER_POD.queueSize });
    };
    sim.onReadyReplicas(syncPods);
    for (const end = Date.now() + timing.podStartDelayMs + 5000; sim.readyReplicas(NAME) < 1 && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
    syncPods();
    const kubeconfig = sim.writeKubeconfig(opts.dir);
    return {
      targetUrl: target.url, kubeconfig, namespace: sim.namespace, deployment: NAME, hpa: NAME,
      podHeader: 'x-scaletrace-instance', syncPeriodMs: timing.syncPeriodMs, timing, ...autoscaling, sim, target,
      async close() {
        clearInterval(usageTimer);
        await s.close();
        await target.close();
      },
    };
  } catch (error) {
    clearInterval(usageTimer);
    await sim?.close();
    await target.close();
    throw error;
  }
}
