import { ArrivalSequence } from './arrival-sequence';
import { LoadProfile } from './load-profile';
import { composeShares, globalVu, iterationsShareOf, shareOf, type LoadShare } from './load-share';

const shares = (count: number): LoadShare[] => Array.from({ length: count }, (_, index) => ({ index, count }));

function offsets(profile: LoadProfile, share?: LoadShare): Array<{ k: number; t: number }> {
  const seq = new ArrivalSequence(profile, share);
  const out: Array<{ k: number; t: number }> = [];
  for (let t = seq.next(); t !== Infinity; t = seq.next()) out.push({ k: seq.index - 1, t });
  return out;
}

describe('shareOf: VUs and counts split with remainders', () => {
  it.each([
    [10, 3, [4, 3, 3]],
    [2, 4, [1, 1, 0, 0]],
    [0, 2, [0, 0]],
    [7, 1, [7]],
    [8, 4, [2, 2, 2, 2]],
  ])('%i over %i shares → %j, summing to the whole', (total, count, expected) => {
    const parts = shares(count).map((s) => shareOf(total, s));
    expect(parts).toEqual(expected);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('composed shares (shard × worker) partition the whole like a flat split', () => {
    for (const total of [0, 1, 5, 13, 100]) {
      const parts: number[] = [];
      const ids = new Set<number>();
      for (const shard of shares(3)) {
        let shardSum = 0;
        for (const worker of shares(2)) {
          const share = composeShares(shard, worker);
          const n = shareOf(total, share);
          parts.push(n);
          shardSum += n;
          for (let local = 1; local <= n; local++) ids.add(globalVu(local, share));
        }
        // a shard's workers split exactly the shard's own share
        expect(shardSum).toBe(shareOf(total, shard));
      }
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      // VU ids stay unique and dense 1…total across all shards and workers
      expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    }
  });

  it('fixed iterations go only to shares that have a VU', () => {
    expect(shares(4).map((s) => iterationsShareOf(100, 1, s))).toEqual([100, 0, 0, 0]);
    expect(shares(4).map((s) => iterationsShareOf(10, 2, s))).toEqual([5, 5, 0, 0]);
    expect(shares(3).map((s) => iterationsShareOf(10, 9, s))).toEqual([4, 3, 3]);
    for (const [iterations, vus, count] of [[1000, 7, 3], [3, 2, 5], [17, 17, 4]] as const) {
      const parts = shares(count).map((s) => iterationsShareOf(iterations, vus, s));
      expect(parts.reduce((a, b) => a + b, 0)).toBe(iterations);
      shares(count).forEach((s, i) => { if (shareOf(vus, s) === 0) expect(parts[i]).toBe(0); });
    }
  });
});

describe('ArrivalSequence with a share: interleaved arrivals', () => {
  const profile = new LoadProfile(0, [{ durationMs: 1000, value: 100 }, { durationMs: 500, value: 100 }, { durationMs: 700, value: 7 }]);

  it('the shares together are exactly the whole schedule, each arrival once', () => {
    const whole = offsets(profile);
    for (const count of [2, 3, 7]) {
      const merged = shares(count).flatMap((s) => offsets(profile, s)).sort((a, b) => a.k - b.k);
      expect(merged).toEqual(whole);
    }
  });

  it('a share takes every count-th arrival: no bursts, the rate divided', () => {
    const flat = new LoadProfile(undefined, [{ durationMs: 1000, value: 300 }]);
    const mine = offsets(flat, { index: 1, count: 3 });
    expect(mine).toHaveLength(100);
    expect(mine.every(({ k }) => k % 3 === 1)).toBe(true);
    const gaps = mine.slice(1).map((a, i) => a.t - (mine[i] as { t: number }).t);
    for (const gap of gaps) expect(gap).toBeCloseTo(10, 6);
  });
});
