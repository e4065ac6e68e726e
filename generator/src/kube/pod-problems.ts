import type { KubeObjectLike } from './client';

export interface PodProblem { reason: string; severity: 'WARN' | 'ERROR'; message: string }

interface ContainerStatus {
  name?: string;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string } };
  lastState?: { terminated?: { reason?: string; exitCode?: number } };
}

/**
 * What went wrong with a pod since its previous observation: a restart (with OOMKilled / Error
 * from lastState), CrashLoopBackOff, or Pending because it cannot be scheduled. Only transitions
 * count, so the same state seen twice (a relist) reports nothing new.
 */
export function podProblems(previous: KubeObjectLike | undefined, pod: KubeObjectLike): PodProblem[] {
  const out: PodProblem[] = [];
  const name = pod.metadata?.name ?? '?';
  const before = new Map(containers(previous).map((c) => [c.name, c]));
  for (const c of containers(pod)) {
    const was = before.get(c.name);
    if ((c.restartCount ?? 0) > (was?.restartCount ?? 0)) {
      const reason = c.lastState?.terminated?.reason ?? 'Restarted';
      out.push({ reason, severity: 'ERROR', message: `pod ${name} container ${c.name ?? '?'} restarted (${reason}, exit code ${c.lastState?.terminated?.exitCode ?? '?'}), restarts ${c.restartCount ?? 0}` });
    }
    const waiting = c.state?.waiting?.reason;
    if (waiting === 'CrashLoopBackOff' && was?.state?.waiting?.reason !== 'CrashLoopBackOff') {
      out.push({ reason: 'CrashLoopBackOff', severity: 'ERROR', message: `pod ${name} is in CrashLoopBackOff: ${c.state?.waiting?.message ?? ''}`.trim() });
    }
  }
  if (unschedulable(pod) && !unschedulable(previous)) {
    out.push({ reason: 'Unschedulable', severity: 'WARN', message: `pod ${name} is Pending: ${scheduledCondition(pod)?.message ?? 'cannot be scheduled'}` });
  }
  return out;
}

export function isPodReady(pod: KubeObjectLike | undefined): boolean {
  const conditions = (pod?.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True') && !pod?.metadata?.deletionTimestamp;
}

function containers(pod: KubeObjectLike | undefined): ContainerStatus[] {
  return ((pod?.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses) ?? [];
}

function scheduledCondition(pod: KubeObjectLike | undefined): { status?: string; reason?: string; message?: string } | undefined {
  const conditions = (pod?.status as { conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }> } | undefined)?.conditions ?? [];
  return conditions.find((c) => c.type === 'PodScheduled');
}

function unschedulable(pod: KubeObjectLike | undefined): boolean {
  const c = scheduledCondition(pod);
  return c?.status === 'False' && c.reason === 'Unschedulable';
}
