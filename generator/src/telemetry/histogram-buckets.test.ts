import { LATENCY_BOUNDS_S, SCHEDULE_LAG_BOUNDS_S, latencyBucket, scheduleLagBucket } from './histogram-buckets';

describe('histogram buckets', () => {
  it('latency bounds: 1 ms … ≥ 60 s, neighbour ratio ≤ 1.1 (p99 interpolation error ≤ 10 %)', () => {
    expect(LATENCY_BOUNDS_S[0]).toBe(0.001);
    expect(LATENCY_BOUNDS_S.at(-1)).toBeGreaterThanOrEqual(60);
    expect(LATENCY_BOUNDS_S).toHaveLength(117);
    for (let i = 1; i < LATENCY_BOUNDS_S.length; i++) {
      expect(LATENCY_BOUNDS_S[i]! / LATENCY_BOUNDS_S[i - 1]!).toBeLessThanOrEqual(1.1011);
    }
    expect(SCHEDULE_LAG_BOUNDS_S[0]).toBe(0.0001);
  });

  it('bucket index matches a linear scan with OTel (lower, upper] semantics', () => {
    const scan = (bounds: readonly number[], v: number): number => {
      const i = bounds.findIndex((b) => v <= b);
      return i === -1 ? bounds.length : i;
    };
    const values = [0, 0.0005, 0.001, 0.0010001, 0.0011, 0.00121, 0.5, 1, 59.9, 63.32, 64, 1e6, ...LATENCY_BOUNDS_S];
    for (let k = 0; k < 2000; k++) values.push(Math.exp(Math.random() * 18 - 9));
    for (const v of values) {
      expect(latencyBucket(v)).toBe(scan(LATENCY_BOUNDS_S, v));
      expect(scheduleLagBucket(v)).toBe(scan(SCHEDULE_LAG_BOUNDS_S, v));
    }
  });

  it('p99 interpolated from the buckets is within 10 % of the exact p99', () => {
    for (const sigma of [0.3, 1, 2]) {
      const values = Array.from({ length: 50_000 }, () => 0.05 * Math.exp(sigma * gaussian())).sort((a, b) => a - b);
      const exact = values[Math.ceil(0.99 * values.length) - 1]!;
      const counts = new Array<number>(LATENCY_BOUNDS_S.length + 1).fill(0);
      for (const v of values) counts[latencyBucket(v)]!++;
      expect(Math.abs(prometheusQuantile(0.99, counts) - exact) / exact).toBeLessThan(0.1);
    }
  });
});

/** histogram_quantile(): linear interpolation inside the bucket that holds the rank. */
function prometheusQuantile(q: number, counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (seen + counts[i]! >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_S[i - 1]!;
      const upper = LATENCY_BOUNDS_S[i] ?? lower;
      return lower + (upper - lower) * ((rank - seen) / counts[i]!);
    }
    seen += counts[i]!;
  }
  return LATENCY_BOUNDS_S.at(-1)!;
}

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}
