import { WorkloadControl, type PodState } from '../kube';
import type { FaultSpec, KubernetesSpec } from '../scenario';

/** What happened when a fault ran: the raw facts its impact is computed from. */
export interface FaultExecution {
  spec: FaultSpec;
  /** Epoch ms of the API call; undefined when it never ran. */
  at?: number;
  pods: string[];
  readyBefore?: number;
  /** Epoch ms at which the Ready count was back (deletePods) or reached the new count (scaleTo). */
  readyBackAt?: number;
  error?: string;
}

const POLL_MS = 250;

/**
 * Runs the scenario's faults at their times through the Kubernetes API (WorkloadControl), and after
 * each one polls until the Ready pods are back, so the summary can say how long recovery took.
 * A fault the API refuses is recorded with its error; the load goes on either way.
 */
export class FaultRunner {
  private readonly executions: FaultExecution[];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running: Array<Promise<void>> = [];
  private stopped = false;

  private constructor(private readonly control: WorkloadControl | undefined, faults: FaultSpec[], private readonly log: (message: string) => void, connectError?: string) {
    this.executions = faults.map((spec) => ({ spec, pods: [], ...(connectError ? { error: connectError } : {}) }));
  }

  static async connect(kubernetes: KubernetesSpec, faults: FaultSpec[], log: (message: string) => void): Promise<FaultRunner> {
    try {
      const control = await WorkloadControl.connect({ kubeconfig: kubernetes.kubeconfig, context: kubernetes.context, namespace: kubernetes.namespace });
      return new FaultRunner(control, faults, log);
    } catch (error) {
      const message = `faults not run: ${(error as Error).message}`;
      log(message);
      return new FaultRunner(undefined, faults, log, message);
    }
  }

  /** Schedules every fault relative to the start of the load. */
  begin(startedAt: number): void {
    if (this.control === undefined) return;
    for (const execution of this.executions) {
      const timer = setTimeout(() => { this.running.push(this.execute(execution)); }, Math.max(0, startedAt + execution.spec.atMs - Date.now()));
      this.timers.push(timer);
    }
  }

  /** Cancels faults not yet due (recorded as not run), stops recovery polling, returns every execution. */
  async stop(): Promise<FaultExecution[]> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    await Promise.all(this.running);
    for (const e of this.executions) if (e.at === undefined && e.error === undefined) e.error = 'not run: the load ended first';
    return this.executions;
  }

  private async execute(e: FaultExecution): Promise<void> {
    const control = this.control as WorkloadControl;
    const { action } = e.spec;
    try {
      if (action.kind === 'deletePods') {
        const pods = (await control.listPods(action.selector)).filter((p) => !p.terminating);
        e.readyBefore = pods.filter((p) => p.ready).length;
        const victims = pick(pods, action.pick).slice(0, action.count);
        if (victims.length === 0) throw new Error(`no pod matches ${action.selector} in namespace "${control.namespace}"`);
        e.at = Date.now();
        for (const pod of victims) {
          await control.deletePod(pod.name, action.gracePeriodS);
          e.pods.push(pod.name);
        }
        this.log(`fault ${e.spec.name}: deleted pod${victims.length === 1 ? '' : 's'} ${e.pods.join(', ')} (${action.selector})`);
        if (victims.length < action.count) e.error = `only ${victims.length} of ${action.count} pods matched ${action.selector}`;
        const readyBefore = e.readyBefore;
        await this.pollUntil(e, async () => (await control.listPods(action.selector)).filter((p) => p.ready && !p.terminating).length >= readyBefore);
      } else {
        e.readyBefore = (await control.deploymentReplicas(action.deployment)).ready;
        e.at = Date.now();
        await control.setScale(action.deployment, action.replicas);
        this.log(`fault ${e.spec.name}: scaled deployment/${action.deployment} to ${action.replicas}`);
        await this.pollUntil(e, async () => {
          const r = await control.deploymentReplicas(action.deployment);
          return r.spec === action.replicas && r.ready === action.replicas;
        });
      }
    } catch (error) {
      e.error = (error as Error).message;
      this.log(`fault ${e.spec.name}: ${e.error}`);
    }
  }

  private async pollUntil(e: FaultExecution, back: () => Promise<boolean>): Promise<void> {
    while (!this.stopped) {
      try {
        if (await back()) {
          e.readyBackAt = Date.now();
          return;
        }
      } catch {
        // A failed poll (API blip) is retried; the fault itself already happened.
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}

/** Victim order: random (as chaos tools do), or oldest / newest by creation time. */
function pick(pods: PodState[], how: 'random' | 'oldest' | 'newest'): PodState[] {
  if (how === 'random') {
    const shuffled = [...pods];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j] as PodState, shuffled[i] as PodState];
    }
    return shuffled;
  }
  const byAge = [...pods].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
  return how === 'oldest' ? byAge : byAge.reverse();
}
