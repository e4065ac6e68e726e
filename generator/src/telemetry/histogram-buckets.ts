/**
 * Explicit bucket boundaries (seconds) of the exported histograms; the reasoning is in
 * docs/telemetry.md. Latency: geometric, ratio 1.1 from 1 ms to 63 s (117 bounds), so any
 * quantile Prometheus interpolates inside a bucket is within 10 % of the true value.
 */
export const LATENCY_BOUNDS_S: readonly number[] = geometric(0.001, 1.1, 60);

/** Schedule lag is usually well under a millisecond: powers of two from 0.1 ms to ~105 s (21 bounds). */
export const SCHEDULE_LAG_BOUNDS_S: readonly number[] = geometric(0.0001, 2, 60);

/** Tokens per response (`extract.tokens`): powers of two from 1 to 32768 (16 bounds). */
export const TOKEN_BOUNDS: readonly number[] = geometric(1, 2, 32768);

/** Boundaries start, start·ratio, … up to the first one ≥ max, rounded to 4 significant digits. */
export function geometric(start: number, ratio: number, max: number): number[] {
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const bound = Number((start * ratio ** i).toPrecision(4));
    out.push(bound);
    if (bound >= max) return out;
  }
}

/**
 * Index of the OTel explicit bucket holding `v`: bucket i is (bounds[i-1], bounds[i]], the last
 * one (bounds[n-1], +Inf). A log estimate, then a fix-up step for rounding at the edges.
 */
export function bucketIndexer(bounds: readonly number[], start: number, ratio: number): (v: number) => number {
  const logRatio = Math.log(ratio);
  const last = bounds.length;
  return (v: number): number => {
    if (!(v > bounds[0]!)) return 0;
    let i = Math.ceil(Math.log(v / start) / logRatio);
    if (i > last) i = last;
    while (i > 0 && v <= bounds[i - 1]!) i--;
    while (i < last && v > bounds[i]!) i++;
    return i;
  };
}

export const latencyBucket = bucketIndexer(LATENCY_BOUNDS_S, 0.001, 1.1);
export const scheduleLagBucket = bucketIndexer(SCHEDULE_LAG_BOUNDS_S, 0.0001, 2);
export const tokenBucket = bucketIndexer(TOKEN_BOUNDS, 1, 2);
