import type { LoadProfile, ProfileSegment } from './load-profile';
import { WHOLE_LOAD, type LoadShare } from './load-share';

// Tolerance for float error in the cumulative count: an integral of 3750.0000000001 is 3750 arrivals.
const EPS = 1e-9;

/**
 * Exact arrival offsets for a piecewise-linear rate profile (rates per second, offsets in ms).
 * Arrival k (0-based) happens when the integral of the rate reaches k, so a ramp 50→200 over 30 s
 * yields exactly 3750 arrivals; zero-rate stretches yield none.
 */
export class ArrivalSequence {
  private seg = 0;
  /** Arrivals (integral of the rate) accumulated before segment `seg`. */
  private before = 0;
  private k = 0;

  /** With a share, only arrivals k ≡ share.index (mod share.count) are produced; indexes stay global. */
  constructor(private readonly profile: LoadProfile, private readonly share: LoadShare = WHOLE_LOAD) {}

  /** Index (in the whole plan) of the next arrival. */
  get index(): number {
    return this.k;
  }

  /** Offset of the next arrival of this share and advances past it; Infinity when the profile has no more. */
  next(): number {
    const { index, count } = this.share;
    if (count === 1) return this.nextOfAll();
    for (;;) {
      const t = this.nextOfAll();
      if (t === Infinity || (this.k - 1) % count === index) return t;
    }
  }

  private nextOfAll(): number {
    const segs = this.profile.segments;
    while (this.seg < segs.length) {
      const s = segs[this.seg] as ProfileSegment;
      const t = offsetInSegment(s, this.k - this.before);
      if (t !== undefined) {
        this.k++;
        return s.startMs + t;
      }
      this.before += segmentArea(s);
      this.seg++;
    }
    return Infinity;
  }

  /** Offset of the next arrival without consuming it. */
  peek(): number {
    const { seg, before, k } = this;
    const t = this.next();
    this.seg = seg;
    this.before = before;
    this.k = k;
    return t;
  }
}

/** Arrivals in a segment: the integral of its rate (per s) over its duration (ms). */
export function segmentArea(s: ProfileSegment): number {
  return ((s.from + s.to) / 2) * (s.durationMs / 1000);
}

/** Offset (ms) within segment s at which the integral reaches m, or undefined if it ends first. */
function offsetInSegment(s: ProfileSegment, m: number): number | undefined {
  if (s.durationMs <= 0 || m >= segmentArea(s) - EPS) return undefined;
  if (m <= 0) return 0;
  const d = s.durationMs / 1000;
  const r0 = s.from;
  const a = (s.to - s.from) / d;
  // Solve r0·τ + a·τ²/2 = m in the cancellation-free form τ = 2m / (r0 + √(r0² + 2am)).
  const disc = r0 * r0 + 2 * a * m;
  if (disc < 0) return undefined;
  const denom = r0 + Math.sqrt(disc);
  if (denom <= 0) return undefined;
  const tau = (2 * m) / denom;
  return tau >= d ? undefined : tau * 1000;
}

/** Number of arrivals a profile produces (for tests and reporting). */
export function countArrivals(profile: LoadProfile): number {
  const seq = new ArrivalSequence(profile);
  let n = 0;
  while (seq.next() !== Infinity) n++;
  return n;
}
