import type { Scenario } from '../scenario';
import { availableCores } from './available-cores';

/** Below these a single thread keeps up with room to spare (docs/performance.md), and a worker costs ~100 ms of start-up. */
export const RATE_PER_WORKER = 1000;
export const VUS_PER_WORKER = 32;

/**
 * `--workers` when not given: one per core for runs that can use them, one thread for small
 * ones — each worker costs start-up time and its own connection pool, and a 50 req/s smoke test
 * gains nothing from a second thread. Open model: a worker per RATE_PER_WORKER req/s of peak
 * rate; closed model: a worker per VUS_PER_WORKER peak VUs; at most the number of cores (a
 * cgroup CPU limit counts: a 1-CPU pod runs one thread).
 */
export function defaultWorkers(scenario: Scenario, cores: number = availableCores()): number {
  const { load } = scenario;
  const peak = load.model === 'open'
    ? Math.max(load.startRate ?? 0, ...load.stages.map((s) => s.rate)) / RATE_PER_WORKER
    : Math.max(load.startVus ?? 0, ...load.stages.map((s) => s.vus)) / VUS_PER_WORKER;
  return Math.max(1, Math.min(cores, Math.floor(peak)));
}
