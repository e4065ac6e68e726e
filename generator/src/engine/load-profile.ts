/** One stage of a load profile: the value ramps linearly from `from` to `to` over `durationMs`. */
export interface ProfileSegment {
  startMs: number;
  durationMs: number;
  from: number;
  to: number;
}

/** A piecewise-linear load profile (arrival rate or VU count) built from stages; offsets in ms from run start. */
export class LoadProfile {
  readonly segments: readonly ProfileSegment[];
  readonly totalMs: number;

  constructor(start: number | undefined, stages: readonly { durationMs: number; value: number }[]) {
    const segments: ProfileSegment[] = [];
    let at = 0;
    let prev = start ?? stages[0]?.value ?? 0;
    for (const s of stages) {
      segments.push({ startMs: at, durationMs: s.durationMs, from: prev, to: s.value });
      at += s.durationMs;
      prev = s.value;
    }
    this.segments = segments;
    this.totalMs = at;
  }

  /** Index of the stage containing offset t (the last one at or after the end). */
  stageAt(t: number): number {
    const segs = this.segments;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i] as ProfileSegment;
      if (t < s.startMs + s.durationMs) return i;
    }
    return Math.max(0, segs.length - 1);
  }

  /** The profile's value at offset t (the last stage's target after the end). */
  valueAt(t: number): number {
    const seg = this.segments[this.stageAt(t)];
    if (seg === undefined) return 0;
    if (seg.durationMs <= 0 || t >= seg.startMs + seg.durationMs) return seg.to;
    const f = Math.max(0, t - seg.startMs) / seg.durationMs;
    return seg.from + (seg.to - seg.from) * f;
  }
}
