import { WorkQueue, type WorkResult } from './work-queue';

describe('WorkQueue', () => {
  it('runs at most `concurrency` jobs at once and starts the rest in FIFO order as slots free up', async () => {
    const queue = new WorkQueue({ concurrency: 2, queueSize: 10 });
    const jobs = [0, 1, 2, 3, 4].map((i) => queue.submit(3, i / 10));
    expect(queue.stats()).toMatchObject({ active: 2, queued: 3 });
    const results = (await Promise.all(jobs)) as WorkResult[];
    // Start times (all were submitted at once, so queuedMs orders the starts). Finish order is not
    // asserted: on a busy machine a preempted job may finish after one that started later.
    const startedAt = results.map((r) => r.queuedMs);
    const endedAt = results.map((r) => r.queuedMs + r.computeMs);
    // (queuedMs is relative to each job's own submit time, microseconds apart: allow for that.)
    expect(startedAt[2]).toBeLessThanOrEqual((startedAt[3] as number) + 0.5);
    expect(startedAt[3]).toBeLessThanOrEqual((startedAt[4] as number) + 0.5);
    // The third job waited for one of the first two to finish.
    expect(startedAt[2]).toBeGreaterThanOrEqual(Math.min(endedAt[0] as number, endedAt[1] as number) - 0.5);
    expect(queue.stats()).toMatchObject({ active: 0, queued: 0, completed: 5, rejected: 0 });
  });

  it('rejects submissions once the queue is full', async () => {
    const queue = new WorkQueue({ concurrency: 1, queueSize: 2 });
    const accepted = [1, 2, 3, 4, 5].map(() => queue.submit(2, 0.5));
    expect(accepted.filter((p) => p === undefined)).toHaveLength(2);
    await Promise.all(accepted);
    expect(queue.stats()).toMatchObject({ completed: 3, rejected: 2 });
  });

  it('spends real CPU time: busy time ≈ jobs × cost, and queued jobs report their wait', async () => {
    const queue = new WorkQueue({ concurrency: 1, queueSize: 5 });
    const t0 = performance.now();
    const results = await Promise.all([1, 2, 3, 4].map(() => queue.submit(10, 0.3) as Promise<{ queuedMs: number; computeMs: number }>));
    const wall = performance.now() - t0;
    const { busyMs } = queue.stats();
    expect(busyMs).toBeGreaterThanOrEqual(40);
    expect(busyMs).toBeLessThan(80);
    expect(wall).toBeGreaterThanOrEqual(40);
    // The last job waited for the three before it.
    expect((results[3] as { queuedMs: number }).queuedMs).toBeGreaterThanOrEqual(28);
    expect(results.every((r) => r.computeMs >= 10)).toBe(true);
  });

  it('interleaves concurrent jobs in short slices instead of running them back to back', async () => {
    const queue = new WorkQueue({ concurrency: 2, queueSize: 0 });
    // 60 ms each: long enough that one OS preemption on a busy CI machine cannot swallow a job whole.
    const [first, second] = (await Promise.all([queue.submit(60, 0.1), queue.submit(60, 0.2)])) as [WorkResult, WorkResult];
    // Both are submitted at the same instant; run back to back, the second would only start once
    // the first finished (queuedMs ≥ 60). Interleaved, it starts within a slice or two.
    const firstEndsAt = first.queuedMs + first.computeMs;
    expect(second.queuedMs).toBeLessThan(firstEndsAt - 30);
    // …and both spend most of the run sharing the thread, so both take ~120 ms of wall time.
    expect(first.computeMs).toBeGreaterThan(90);
  });

  it('configure() raises the concurrency and starts waiting jobs at once', async () => {
    const queue = new WorkQueue({ concurrency: 1, queueSize: 5 });
    const jobs = [queue.submit(5, 0.1), queue.submit(5, 0.2), queue.submit(5, 0.3)];
    expect(queue.stats().active).toBe(1);
    queue.configure({ concurrency: 3 });
    expect(queue.stats()).toMatchObject({ active: 3, queued: 0 });
    await Promise.all(jobs);
  });
});

describe('WorkQueue with a CPU quota (a cgroup limit)', () => {
  const busyOver = async (quotaMs: number | undefined, wallMs: number): Promise<number> => {
    const queue = new WorkQueue({ concurrency: 8, queueSize: 1000, cpuQuotaMsPerPeriod: quotaMs });
    const jobs = Array.from({ length: 200 }, () => queue.submit(5, 0.4));
    await new Promise((r) => setTimeout(r, wallMs));
    const busy = queue.stats().busyMs;
    queue.configure({ cpuQuotaMsPerPeriod: undefined });
    await Promise.all(jobs);
    return busy;
  };

  it('caps CPU per 100 ms period, so throughput scales with the quota like pods with CPU limits', async () => {
    // 10 ms per 100 ms = 0.1 core: ~100 ms of CPU in a second; 30 ms per period: ~300 ms.
    const one = await busyOver(10, 1000);
    const three = await busyOver(30, 1000);
    // Busy time is wall time, which a busy CI machine inflates: loose bounds, still far from unlimited (~1000).
    expect(one).toBeGreaterThan(70);
    expect(one).toBeLessThan(200);
    expect(three).toBeGreaterThan(1.8 * one);
    expect(three).toBeLessThan(600);
  });
});

describe('CPU quota under concurrency', () => {
  it('64 jobs at once still get only the quota (reservations, not a check every job passes at once)', async () => {
    const queue = new WorkQueue({ concurrency: 64, queueSize: 1000, cpuQuotaMsPerPeriod: 10 });
    const jobs = Array.from({ length: 300 }, () => queue.submit(2, 0.2));
    await new Promise((r) => setTimeout(r, 1000));
    const busy = queue.stats().busyMs;
    queue.configure({ cpuQuotaMsPerPeriod: undefined });
    await Promise.all(jobs);
    expect(busy).toBeLessThan(300); // 10 ms per 100 ms ≈ 100 ms in a second; without the quota ~600
  });
});
