import { burnCpu } from './cpu-work';
import { CpuQuota } from './cpu-quota';

/** Longest stretch of CPU one job holds before yielding, so concurrent jobs interleave. */
const SLICE_MS = 1;

export interface WorkQueueOptions {
  /** Jobs computing at once (the instance's concurrency limit). */
  concurrency: number;
  /** Jobs allowed to wait beyond that; more are rejected (→ 503). */
  queueSize: number;
  /** CPU ms allowed per 100 ms period across all jobs (a cgroup limit); undefined = unlimited. */
  cpuQuotaMsPerPeriod?: number;
}

export interface WorkResult {
  value: number;
  queuedMs: number;
  computeMs: number;
}

export interface WorkQueueStats {
  active: number;
  queued: number;
  completed: number;
  rejected: number;
  /** Milliseconds of CPU spent on jobs since start (utilisation = Δbusy / Δwall). */
  busyMs: number;
}

interface Job {
  costMs: number;
  seed: number;
  enqueuedAt: number;
  resolve(result: WorkResult): void;
}

/**
 * A per-instance concurrency limit with a FIFO queue in front of CPU-bound jobs: what a
 * single-threaded inference server with N workers looks like from outside. Active jobs share the
 * thread in ~1 ms slices; when the queue is full, `submit` returns undefined.
 */
export class WorkQueue {
  private readonly waiting: Job[] = [];
  private active = 0;
  private completed = 0;
  private rejected = 0;
  private busyMs = 0;

  private readonly quota: CpuQuota;

  constructor(private options: WorkQueueOptions) {
    this.quota = new CpuQuota(options.cpuQuotaMsPerPeriod);
  }

  configure(options: Partial<WorkQueueOptions>): void {
    this.options = { ...this.options, ...options };
    this.quota.setQuota(this.options.cpuQuotaMsPerPeriod);
    this.startWaiting();
  }

  /** Queues a job of `costMs` CPU milliseconds; undefined when the instance is saturated. */
  submit(costMs: number, seed: number): Promise<WorkResult> | undefined {
    if (this.active >= this.options.concurrency && this.waiting.length >= this.options.queueSize) {
      this.rejected++;
      return undefined;
    }
    return new Promise<WorkResult>((resolve) => {
      this.waiting.push({ costMs, seed, enqueuedAt: performance.now(), resolve });
      this.startWaiting();
    });
  }

  stats(): WorkQueueStats {
    return {
      active: this.active, queued: this.waiting.length,
      completed: this.completed, rejected: this.rejected, busyMs: this.busyMs,
    };
  }

  private startWaiting(): void {
    while (this.active < this.options.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift() as Job;
      this.active++;
      void this.compute(job);
    }
  }

  private async compute(job: Job): Promise<void> {
    // Start on a later turn: submit() never computes synchronously inside the caller.
    await new Promise<void>((r) => setImmediate(r));
    const startedAt = performance.now();
    let value = job.seed;
    let left = job.costMs;
    while (left > 0) {
      const slice = Math.min(SLICE_MS, left);
      await this.quota.acquire(slice);
      const t0 = performance.now();
      value = burnCpu(slice, value);
      const spent = performance.now() - t0;
      this.quota.settle(slice, spent);
      this.busyMs += spent;
      left -= spent;
      if (left > 0) await new Promise<void>((r) => setImmediate(r));
    }
    this.active--;
    this.completed++;
    job.resolve({ value, queuedMs: startedAt - job.enqueuedAt, computeMs: performance.now() - startedAt });
    this.startWaiting();
  }
}
