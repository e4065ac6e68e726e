import type { RequestRecord } from '../engine';

/** How many failed requests are kept per error.type (memory stays bounded whatever the run length). */
export interface FailureSamplingLimits {
  /** The first failures of each type, in order: how a failure mode started. */
  firstPerType: number;
  /** A uniform sample (reservoir) of each type's later failures: how it went on. */
  samplePerType: number;
  /** Distinct error types sampled separately; later types share one `(other)` sample. */
  maxTypes: number;
}

export const DEFAULT_FAILURE_SAMPLING: FailureSamplingLimits = { firstPerType: 20, samplePerType: 30, maxTypes: 20 };

export interface SampledFailure {
  record: RequestRecord;
  /** `first`: among the first failures of its type; `sample`: drawn by the reservoir. */
  kept: 'first' | 'sample';
}

class TypeSample {
  seen = 0;
  readonly first: RequestRecord[] = [];
  readonly reservoir: RequestRecord[] = [];
}

/**
 * Keeps a bounded, representative set of failed requests for failures.jsonl and the report: per
 * error.type the first N and a reservoir sample (Algorithm R) of the rest. Called for failed
 * requests only, so successful requests pay nothing; exact counts live in the aggregator.
 */
export class FailureSampler {
  private readonly byType = new Map<string, TypeSample>();
  private readonly overflow = new TypeSample();
  total = 0;

  constructor(readonly limits: FailureSamplingLimits = DEFAULT_FAILURE_SAMPLING, private readonly random: () => number = Math.random) {}

  record(r: RequestRecord): void {
    this.total++;
    const type = r.errorType ?? '';
    let sample = this.byType.get(type);
    if (sample === undefined) {
      if (this.byType.size >= this.limits.maxTypes) {
        this.keep(this.overflow, r);
        return;
      }
      sample = new TypeSample();
      this.byType.set(type, sample);
    }
    this.keep(sample, r);
  }

  /**
   * Another sampler's kept failures (a worker's report, a shard): each is offered to this sample
   * as if it had failed here; `failed` is how many failures they stand for, so `total` stays exact.
   */
  absorb(kept: readonly SampledFailure[], failed: number): void {
    for (const f of kept) this.record(f.record);
    this.total += failed - kept.length;
  }

  /** Every kept failure, oldest first. */
  sampled(): SampledFailure[] {
    const out: SampledFailure[] = [];
    for (const s of [...this.byType.values(), this.overflow]) {
      for (const record of s.first) out.push({ record, kept: 'first' });
      for (const record of s.reservoir) out.push({ record, kept: 'sample' });
    }
    return out.sort((a, b) => a.record.intendedStart - b.record.intendedStart);
  }

  private keep(s: TypeSample, r: RequestRecord): void {
    s.seen++;
    if (s.first.length < this.limits.firstPerType) {
      s.first.push(r);
      return;
    }
    const k = this.limits.samplePerType;
    if (k <= 0) return;
    const i = s.seen - this.limits.firstPerType; // 1-based index among the later failures
    if (s.reservoir.length < k) s.reservoir.push(r);
    else {
      const j = Math.floor(this.random() * i);
      if (j < k) s.reservoir[j] = r;
    }
  }
}
