import { WeightedMix } from './weighted-mix';

describe('WeightedMix', () => {
  it('picks in proportion to the weights', () => {
    const mix = new WeightedMix([3, 1, 0, 6]);
    const counts = [0, 0, 0, 0];
    const n = 200_000;
    for (let i = 0; i < n; i++) counts[mix.pick()]! += 1;
    expect(counts[2]).toBe(0);
    expect(counts[0]! / n).toBeCloseTo(0.3, 2);
    expect(counts[1]! / n).toBeCloseTo(0.1, 2);
    expect(counts[3]! / n).toBeCloseTo(0.6, 2);
  });

  it('always picks the only entry and rejects an all-zero mix', () => {
    expect(new WeightedMix([5]).pick()).toBe(0);
    expect(() => new WeightedMix([0, 0])).toThrow(/positive/);
    expect(() => new WeightedMix([])).toThrow();
  });
});
