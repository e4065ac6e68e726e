import type { ThinkTime } from '../scenario';

/** One pause drawn from a think-time range (uniform; a fixed time when min = max), ms; 0 without one. */
export function thinkMs(t: ThinkTime | undefined): number {
  if (t === undefined) return 0;
  return t.maxMs > t.minMs ? t.minMs + Math.random() * (t.maxMs - t.minMs) : t.minMs;
}
