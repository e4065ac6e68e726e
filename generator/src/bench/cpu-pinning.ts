import { spawnSync } from 'node:child_process';
import os from 'node:os';

/** Which cores the target, the load tools and the bench process itself run on. */
export interface CpuLayout {
  pinned: boolean;
  /** Why pinning was skipped (absent when pinned). */
  reason?: string;
  targetCpu: number;
  toolCpu: number;
  /** The bench process hosts the OTLP sink: its own core on ≥ 3 CPUs, else the target's. */
  benchCpu: number;
  cpus: number;
}

export function planCpuLayout(): CpuLayout {
  const cpus = os.availableParallelism();
  const layout = { targetCpu: 0, toolCpu: 1, benchCpu: cpus >= 3 ? 2 : 0, cpus };
  if (cpus < 2) return { ...layout, pinned: false, reason: 'only 1 CPU: target and tool share it' };
  const probe = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) {
    return { ...layout, pinned: false, reason: 'taskset not found (apt-get install util-linux): processes not pinned' };
  }
  return { ...layout, pinned: true };
}

/** `[cmd, args]` prefixed with `taskset -c cpu` when pinning is on (taskset execs, so the pid is the tool's). */
export function pinnedCommand(layout: CpuLayout, cpu: number, cmd: string, args: string[]): [string, string[]] {
  return layout.pinned ? ['taskset', ['-c', String(cpu), cmd, ...args]] : [cmd, args];
}

/** Moves every thread of this process to `cpu`, so the in-process sink stays off the tool's core. */
export function pinSelf(layout: CpuLayout, cpu: number): void {
  if (layout.pinned) spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
}
