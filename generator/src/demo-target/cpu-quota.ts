/** CFS bandwidth control's period: the kernel's default cpu.cfs_period_us is 100 ms. */
export const QUOTA_PERIOD_MS = 100;

/**
 * A cgroup-style CPU limit: at most `quotaMs` of CPU per 100 ms period across all work; once a
 * period's budget is spent, work waits for the next period (throttling). `quotaMs` undefined = no limit.
 */
export class CpuQuota {
  private periodStart = performance.now();
  private used = 0;

  constructor(private quotaMs?: number) {}

  setQuota(quotaMs: number | undefined): void {
    this.quotaMs = quotaMs;
  }

  /**
   * Reserves `ms` of the current period's budget, waiting for a later period when it is spent (at
   * once when unlimited). Reserving up front matters: concurrent jobs would all pass a plain check.
   */
  async acquire(ms: number): Promise<void> {
    for (;;) {
      this.roll();
      if (this.quotaMs === undefined || this.used < this.quotaMs) {
        this.used += ms;
        return;
      }
      const wait = this.periodStart + QUOTA_PERIOD_MS - performance.now();
      await new Promise((r) => setTimeout(r, Math.max(1, wait)));
    }
  }

  /** Corrects a reservation with the CPU time really spent. */
  settle(reservedMs: number, spentMs: number): void {
    this.used += spentMs - reservedMs;
  }

  private roll(): void {
    const now = performance.now();
    if (now - this.periodStart >= QUOTA_PERIOD_MS) {
      this.periodStart = now - ((now - this.periodStart) % QUOTA_PERIOD_MS);
      this.used = 0;
    }
  }
}
