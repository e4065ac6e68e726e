import { writeFile } from 'node:fs/promises';
import type { WorkloadControl } from '../kube';
import type { MatrixTarget } from './types';

/** What the matrix found before touching anything; written to restore.json before the first write. */
export interface PinnedOriginal {
  namespace: string;
  deployment: string;
  replicas: number;
  hpa?: { name: string; minReplicas: number; maxReplicas: number };
}

export type PinOutcome = { ready: true; waitedMs: number } | { ready: false; waitedMs: number; detail: string };

const POLL_MS = 250;

/**
 * Pins a Deployment's replicas through the scale subresource (and its HPA to min = max = replicas,
 * so the autoscaler cannot undo it), waits for them to be Ready, and puts everything back as it
 * was found — `restore()` is idempotent and the runner calls it on every way out.
 */
export class ReplicaPin {
  private restored?: string;

  private constructor(private readonly control: WorkloadControl, readonly original: PinnedOriginal) {}

  static async start(control: WorkloadControl, target: MatrixTarget, restoreFile: string): Promise<ReplicaPin> {
    const replicas = await control.scale(target.deployment);
    let hpa: PinnedOriginal['hpa'];
    if (target.hpa !== undefined) {
      const range = await control.hpaRange(target.hpa);
      if (range.target.kind !== 'Deployment' || range.target.name !== target.deployment) {
        throw new Error(`kubernetes.hpa: HorizontalPodAutoscaler "${target.hpa}" scales ${range.target.kind}/${range.target.name}, not Deployment/${target.deployment}`);
      }
      hpa = { name: target.hpa, minReplicas: range.minReplicas, maxReplicas: range.maxReplicas };
    }
    const original: PinnedOriginal = { namespace: control.namespace, deployment: target.deployment, replicas, ...(hpa ? { hpa } : {}) };
    // Written first: if this process is killed outright, the values to put back are on disk.
    await writeFile(restoreFile, `${JSON.stringify(original, null, 2)}\n`);
    return new ReplicaPin(control, original);
  }

  /** HPA first (min = max = replicas), then the scale subresource; then wait until that many are Ready. */
  async pin(replicas: number, timeoutMs: number, signal: AbortSignal): Promise<PinOutcome> {
    const { hpa, deployment } = this.original;
    if (hpa) await this.control.setHpaRange(hpa.name, { minReplicas: replicas, maxReplicas: replicas });
    await this.control.setScale(deployment, replicas);
    const started = Date.now();
    let last = { spec: 0, ready: 0, updated: 0 };
    while (!signal.aborted) {
      last = await this.control.deploymentReplicas(deployment);
      if (last.spec === replicas && last.ready === replicas) return { ready: true, waitedMs: Date.now() - started };
      if (Date.now() - started >= timeoutMs) break;
      await sleep(POLL_MS, signal);
    }
    const detail = signal.aborted ? 'interrupted while waiting for Ready replicas'
      : `${last.ready}/${replicas} replicas Ready after ${Math.round(timeoutMs / 1000)} s (readyTimeout)`;
    return { ready: false, waitedMs: Date.now() - started, detail };
  }

  /** Puts the HPA's min/max and the replica count back; returns what it did, in one line. */
  async restore(): Promise<string> {
    if (this.restored !== undefined) return this.restored;
    const { hpa, deployment, replicas, namespace } = this.original;
    const done: string[] = [];
    const failed: string[] = [];
    // Every step is tried even if one fails, so as much as possible is put back.
    if (hpa) {
      await this.control.setHpaRange(hpa.name, { minReplicas: hpa.minReplicas, maxReplicas: hpa.maxReplicas })
        .then(() => done.push(`hpa/${hpa.name} min ${hpa.minReplicas} max ${hpa.maxReplicas}`), (e: Error) => failed.push(`hpa/${hpa.name}: ${e.message}`));
    }
    await this.control.setScale(deployment, replicas)
      .then(() => done.push(`deployment/${deployment} replicas ${replicas}`), (e: Error) => failed.push(`deployment/${deployment}: ${e.message}`));
    if (failed.length > 0) throw new Error(`could not restore ${failed.join('; ')} in namespace "${namespace}" (the original values are in restore.json)`);
    this.restored = `restored ${done.join(', ')} in namespace "${namespace}"`;
    return this.restored;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}
