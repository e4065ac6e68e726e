import { CpuQuota, QUOTA_PERIOD_MS } from './cpu-quota';

/** Reserves `sliceMs` at a time for `wallMs`, as the work queue does; returns the CPU ms granted. */
async function grantedOver(quota: CpuQuota, wallMs: number, sliceMs = 1): Promise<number> {
  let granted = 0;
  for (const end = performance.now() + wallMs; performance.now() < end;) {
    await quota.acquire(sliceMs);
    granted += sliceMs;
  }
  return granted;
}

describe('CpuQuota (a cgroup CFS limit per 100 ms period)', () => {
  it('grants the quota per period: 1 pod × 100 m ≈ 100 ms of CPU a second, 3 pods ≈ 300 ms', async () => {
    // No CPU is burnt here, so these counts do not depend on how busy the machine is.
    const one = await grantedOver(new CpuQuota(10), 1000);
    const three = await grantedOver(new CpuQuota(30), 1000);
    // 10 periods (11 when the first and last are partial) of 10 ms, or of 30 ms.
    expect(one).toBeGreaterThanOrEqual(90);
    expect(one).toBeLessThanOrEqual(130);
    expect(three).toBeGreaterThanOrEqual(270);
    expect(three).toBeLessThanOrEqual(390);
  });

  it('throttles: once a period is spent, the next reservation waits for the next period', async () => {
    const quota = new CpuQuota(5);
    await quota.acquire(5);
    const t0 = performance.now();
    await quota.acquire(1);
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(QUOTA_PERIOD_MS + 50);
  });

  it('settle() charges the CPU really spent, so an overrun delays later work', async () => {
    const quota = new CpuQuota(10);
    await quota.acquire(1);
    quota.settle(1, 25); // a slice preempted mid-burn cost far more than reserved
    // The period's budget is gone (25 > 10): the next slice waits for the next period.
    let granted = false;
    const next = quota.acquire(1).then(() => { granted = true; });
    await new Promise((r) => setImmediate(r));
    expect(granted).toBe(false);
    await next;
  });

  it('without a quota grants at once, and setQuota() changes the limit while running', async () => {
    const quota = new CpuQuota(undefined);
    expect(await grantedOver(quota, 20)).toBeGreaterThan(1000);
    quota.setQuota(10);
    expect(await grantedOver(quota, 300)).toBeLessThanOrEqual(50);
    quota.setQuota(undefined);
    expect(await grantedOver(quota, 20)).toBeGreaterThan(1000);
  });
});
