/**
 * Picks an index with probability proportional to its weight in O(1) (Vose's alias method),
 * built once per run so the hot path is one Math.random() and two array reads.
 */
export class WeightedMix {
  private readonly prob: Float64Array;
  private readonly alias: Uint32Array;
  readonly size: number;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    if (n === 0) throw new Error('WeightedMix needs at least one weight');
    const total = weights.reduce((s, w) => s + (w > 0 ? w : 0), 0);
    if (!(total > 0)) throw new Error('WeightedMix needs a positive total weight');
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Uint32Array(n);
    const scaled = weights.map((w) => ((w > 0 ? w : 0) * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s] as number;
      this.alias[s] = l;
      scaled[l] = (scaled[l] as number) + (scaled[s] as number) - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to float error.
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  pick(): number {
    if (this.size === 1) return 0;
    const x = Math.random() * this.size;
    const i = x | 0;
    return x - i < (this.prob[i] as number) ? i : (this.alias[i] as number);
  }
}
