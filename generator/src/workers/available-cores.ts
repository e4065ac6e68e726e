import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

type ReadText = (file: string) => string | undefined;

const readText: ReadText = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * Cores this process may really use: the CPUs it may run on, capped by a cgroup CPU limit
 * (a pod's `limits.cpu`), which os.availableParallelism() does not see — a 1-CPU pod on a
 * 16-core node must not start 16 workers.
 */
export function availableCores(read: ReadText = readText, cpus: number = availableParallelism()): number {
  const quota = cgroupCpuLimit(read);
  return Math.max(1, quota === undefined ? cpus : Math.min(cpus, Math.floor(quota)));
}

/** cgroup v2 `cpu.max` ("150000 100000" → 1.5; "max 100000" → none), else v1 cfs quota/period. */
export function cgroupCpuLimit(read: ReadText): number | undefined {
  const v2 = read('/sys/fs/cgroup/cpu.max')?.trim().split(/\s+/);
  if (v2 !== undefined && v2.length === 2) return ratio(v2[0], v2[1]);
  return ratio(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')?.trim(), read('/sys/fs/cgroup/cpu/cpu.cfs_period_us')?.trim());
}

function ratio(quota: string | undefined, period: string | undefined): number | undefined {
  const q = Number(quota);
  const p = Number(period);
  // "max" and v1's -1 mean no limit
  return Number.isFinite(q) && q > 0 && Number.isFinite(p) && p > 0 ? q / p : undefined;
}
