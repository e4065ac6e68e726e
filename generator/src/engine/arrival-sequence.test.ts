import { ArrivalSequence, countArrivals } from './arrival-sequence';
import { LoadProfile } from './load-profile';

const profile = (start: number | undefined, stages: [number, number][]) =>
  new LoadProfile(start, stages.map(([durationMs, value]) => ({ durationMs, value })));

function offsets(p: LoadProfile): number[] {
  const seq = new ArrivalSequence(p);
  const out: number[] = [];
  for (let t = seq.next(); t !== Infinity; t = seq.next()) out.push(t);
  return out;
}

describe('ArrivalSequence', () => {
  it('a ramp 50→200 over 30 s gives exactly 3750 arrivals, all inside the stage', () => {
    const ts = offsets(profile(50, [[30_000, 200]]));
    expect(ts).toHaveLength(3750);
    expect(ts[0]).toBe(0);
    expect(ts[ts.length - 1]).toBeLessThan(30_000);
  });

  it('places arrival n where the integral of the rate reaches n', () => {
    const ts = offsets(profile(50, [[30_000, 200]]));
    // N(τ) = 50τ + 2.5τ² (τ in s, slope 5/s²)
    for (const n of [1, 100, 1000, 3749]) {
      const tau = (ts[n] as number) / 1000;
      expect(50 * tau + 2.5 * tau * tau).toBeCloseTo(n, 6);
    }
  });

  it('keeps a constant rate evenly spaced', () => {
    const ts = offsets(profile(undefined, [[1000, 100]]));
    expect(ts).toHaveLength(100);
    ts.forEach((t, i) => expect(t).toBeCloseTo(i * 10, 9));
  });

  it('produces nothing during rate-0 stages and resumes after them', () => {
    const ts = offsets(profile(10, [[1000, 10], [2000, 0], [1000, 0], [1000, 10]]));
    // 10 in the first second, 0→ramp-down 10→0 over 2 s gives 10, flat zero gives none, 0→10 gives 5
    expect(ts.filter((t) => t < 1000)).toHaveLength(10);
    expect(ts.filter((t) => t >= 1000 && t < 3000)).toHaveLength(10);
    expect(ts.filter((t) => t >= 3000 && t < 4000)).toHaveLength(0);
    expect(ts.filter((t) => t >= 4000)).toHaveLength(5);
    expect(ts).toHaveLength(25);
    for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThan(ts[i - 1] as number);
  });

  it('ramps from zero with arrivals at sqrt(2n/a)', () => {
    const ts = offsets(profile(0, [[10_000, 100]]));
    expect(ts).toHaveLength(500);
    // a = 10/s²: arrival 40 at sqrt(8) s
    expect(ts[40]).toBeCloseTo(Math.sqrt(8) * 1000, 6);
  });

  it('counts fractional totals up (arrival 0 is at t=0)', () => {
    expect(countArrivals(profile(undefined, [[1500, 3]]))).toBe(5); // 4.5 → arrivals 0..4
    expect(countArrivals(profile(0, [[0, 100]]))).toBe(0);
  });

  it('peek does not consume', () => {
    const seq = new ArrivalSequence(profile(undefined, [[1000, 4]]));
    expect(seq.peek()).toBe(0);
    expect(seq.next()).toBe(0);
    expect(seq.peek()).toBe(250);
    expect(seq.index).toBe(1);
  });
});

describe('LoadProfile', () => {
  it('interpolates values and finds stages', () => {
    const p = profile(50, [[10_000, 50], [30_000, 200]]);
    expect(p.totalMs).toBe(40_000);
    expect(p.valueAt(5_000)).toBe(50);
    expect(p.valueAt(25_000)).toBe(125);
    expect(p.valueAt(99_000)).toBe(200);
    expect(p.stageAt(9_999)).toBe(0);
    expect(p.stageAt(10_000)).toBe(1);
  });
});
