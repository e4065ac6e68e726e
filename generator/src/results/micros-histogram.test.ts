import { Int32Histogram } from 'hdr-histogram-js';
import { MicrosHistogram } from './micros-histogram';
import { LatencyRecorder } from './latency-recorder';
import { bruteForcePercentile, seededRandom } from './test-fixtures';

describe('MicrosHistogram', () => {
  it('puts every value in the same bucket as the library (1 µs … 1 day)', () => {
    const ours = new MicrosHistogram();
    const lib = new Int32Histogram(1, 60_000_000, 3);
    for (let v = 0; v < 86_400_000_000; v = v < 10_000 ? v + 1 : Math.floor(v * 1.0003) + 1) {
      if (ours.countsArrayIndex(v) !== lib.countsArrayIndex(v)) throw new Error(`bucket differs at ${v}`);
    }
    for (let k = 1; k < 37; k++) {
      for (const v of [2 ** k - 1, 2 ** k, 2 ** k + 1]) expect(ours.countsArrayIndex(v)).toBe(lib.countsArrayIndex(v));
    }
  });

  it('grows past its initial 1-minute range', () => {
    const h = new MicrosHistogram();
    h.recordValue(3_600_000_000);
    h.recordValue(5);
    expect(h.totalCount).toBe(2);
    expect(h.getValueAtPercentile(100)).toBeGreaterThanOrEqual(3_600_000_000);
    expect(h.getValueAtPercentile(100)).toBeLessThanOrEqual(3_600_000_000 * 1.001);
  });
});

describe('LatencyRecorder percentiles against a sorted array', () => {
  const distributions: [string, () => number][] = [
    ['uniform 0–50 ms', () => rnd() * 50],
    ['long tail up to 20 s', () => 0.2 + (rnd() ** 6) * 20_000],
    ['sub-millisecond', () => rnd() * 0.9],
  ];
  const rnd = seededRandom(42);

  it.each(distributions)('%s', (_label, draw) => {
    const rec = new LatencyRecorder();
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.round(draw() * 1000) / 1000; // whole µs, like the recorder stores them
      values.push(ms);
      rec.record(ms);
    }
    values.sort((a, b) => a - b);
    for (const p of [1, 50, 90, 95, 99, 99.9, 100]) {
      const exact = bruteForcePercentile(values, p);
      const hdr = rec.percentile(p);
      // HDR reports the bucket's upper edge: never below, at most 0.1 % (3 digits) + 1 µs above.
      expect(hdr).toBeGreaterThanOrEqual(exact - 1e-9);
      expect(hdr).toBeLessThanOrEqual(exact * 1.001 + 0.001);
    }
    const stats = rec.stats();
    expect(stats.min).toBe(values[0]);
    expect(stats.max).toBe(values[values.length - 1]);
    expect(stats.avg).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 3);
  });

  it('reports zeros when empty and survives negative or NaN input', () => {
    const rec = new LatencyRecorder();
    expect(rec.stats()).toEqual({ min: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 });
    rec.record(-3);
    rec.record(Number.NaN);
    expect(rec.count).toBe(2);
    expect(rec.stats().max).toBe(0);
  });
});
