/**
 * Real CPU work standing in for model inference: a tiny dense layer evaluated over and over
 * until the requested budget is spent. The result depends on the input so V8 cannot skip it.
 */
const WIDTH = 64;
const weights = Float64Array.from({ length: WIDTH * WIDTH }, (_, i) => Math.sin(i) / WIDTH);

/** Burns about `ms` milliseconds of CPU on the calling thread; returns a value derived from `seed`. */
export function burnCpu(ms: number, seed: number): number {
  const until = performance.now() + ms;
  const v = new Float64Array(WIDTH).fill(seed % 1);
  let acc = seed;
  let row = 0;
  do {
    // Check the clock every 16 rows (a few µs), not per multiply.
    for (let r = row; r < row + 16; r++) {
      let s = 0;
      for (let c = 0; c < WIDTH; c++) s += (weights[r * WIDTH + c] as number) * (v[c] as number);
      v[r] = Math.tanh(s + acc * 1e-3);
    }
    row = (row + 16) % WIDTH;
    acc = (acc + (v[0] as number)) % 1000;
  } while (performance.now() < until);
  return acc;
}
