import { COMPARE_METRICS, type Delta, type Deltas, type Figures } from './types';

/** run − baseline, and that change in % of the baseline (null when either is missing or the baseline is 0). */
export function delta(value: number | null, base: number | null): Delta {
  if (value === null || base === null) return { abs: null, pct: null };
  const abs = round(value - base, 6);
  return { abs, pct: base === 0 ? null : round(((value - base) / Math.abs(base)) * 100, 2) };
}

export function deltas(run: Figures, base: Figures): Deltas {
  return Object.fromEntries(COMPARE_METRICS.map((m) => [m, delta(run[m], base[m])])) as Deltas;
}

/** Whether a higher value is worse (latency, errors, lag) or better (success, rps). */
export function higherIsWorse(metric: keyof Deltas): boolean {
  return metric !== 'success' && metric !== 'rps';
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
