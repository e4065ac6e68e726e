import type { RequestRecord } from '../../engine';
import type { HistogramFormat, LatencyState } from '../aggregator-state';
import { round2 } from '../breakdown-recorder';
import { LatencyRecorder } from '../latency-recorder';
import type { RunRecorder } from '../run-recorder';
import type { InferenceStats } from './inference-stats';

/** The tokens/s timeline keeps one count per second; summary.json gets at most this many points. */
const MAX_TIMELINE_POINTS = 1800;

/** One request name's figures in an InferenceState. */
export interface InferenceNameState {
  responses: number;
  withTokens: number;
  streamed: number;
  tokensTotal: number;
  tokens: LatencyState;
  ttfb: LatencyState;
  firstChunk: LatencyState;
  latency: LatencyState;
  perOutputToken: LatencyState;
  /** Tokens completed in each second since the run start, from second `from` on. */
  tokensBySecond: { from: number; counts: number[] };
}

/** An InferenceRecorder's statistics as plain data (run-recorder.ts). */
export interface InferenceState { byName: Record<string, InferenceNameState> }

class NameScope {
  responses = 0;
  withTokens = 0;
  streamed = 0;
  tokensTotal = 0;
  // A value distribution like any other: the HDR recorder holds token counts here, not ms.
  readonly tokens = new LatencyRecorder();
  readonly ttfb = new LatencyRecorder();
  readonly firstChunk = new LatencyRecorder();
  readonly latency = new LatencyRecorder();
  readonly perOutputToken = new LatencyRecorder();
  /** Tokens of the responses that completed in each second since the run start. */
  readonly tokensBySecond: number[] = [];
  /** The lowest second counted into since the last take(). */
  dirtyFrom = Infinity;

  addTokens(second: number, tokens: number): void {
    const bySecond = this.tokensBySecond;
    while (bySecond.length <= second) bySecond.push(0);
    bySecond[second] = (bySecond[second] as number) + tokens;
    if (second < this.dirtyFrom) this.dirtyFrom = second;
  }

  get empty(): boolean {
    return this.responses === 0 && this.dirtyFrom >= this.tokensBySecond.length;
  }

  /** `drain`: a worker's report; what is exported is cleared here. */
  state(format: HistogramFormat, drain: boolean): InferenceNameState {
    const from = drain ? Math.min(this.dirtyFrom, this.tokensBySecond.length) : 0;
    const s: InferenceNameState = {
      responses: this.responses, withTokens: this.withTokens, streamed: this.streamed, tokensTotal: this.tokensTotal,
      tokens: this.tokens.state(format), ttfb: this.ttfb.state(format), firstChunk: this.firstChunk.state(format),
      latency: this.latency.state(format), perOutputToken: this.perOutputToken.state(format),
      tokensBySecond: { from, counts: this.tokensBySecond.slice(from) },
    };
    if (drain) {
      this.responses = 0;
      this.withTokens = 0;
      this.streamed = 0;
      this.tokensTotal = 0;
      for (const r of [this.tokens, this.ttfb, this.firstChunk, this.latency, this.perOutputToken]) r.reset();
      this.tokensBySecond.fill(0, from);
      this.dirtyFrom = Infinity;
    }
    return s;
  }

  absorb(s: InferenceNameState): void {
    this.responses += s.responses;
    this.withTokens += s.withTokens;
    this.streamed += s.streamed;
    this.tokensTotal += s.tokensTotal;
    this.tokens.absorb(s.tokens);
    this.ttfb.absorb(s.ttfb);
    this.firstChunk.absorb(s.firstChunk);
    this.latency.absorb(s.latency);
    this.perOutputToken.absorb(s.perOutputToken);
    s.tokensBySecond.counts.forEach((n, i) => { if (n !== 0) this.addTokens(s.tokensBySecond.from + i, n); });
  }
}

/**
 * Tokens and time to first chunk per request name; only runs whose scenario has `extract:` add it.
 * Mergeable (RunRecorder): worker threads report what they recorded, shards write state().
 */
export class InferenceRecorder implements RunRecorder<'inference'> {
  readonly key = 'inference';
  private readonly byName = new Map<string, NameScope>();
  /** The run start (epoch ms): given, or stage 0's start (the engine starts stage 0 at the run start). */
  private startedAt: number | undefined;

  /** `names`: the request names that declare `extract` (others are ignored). */
  constructor(names: readonly string[], startedAt?: number) {
    for (const n of names) this.byName.set(n, new NameScope());
    this.startedAt = startedAt;
  }

  onRequest(r: RequestRecord): void {
    const scope = this.byName.get(r.name);
    if (scope === undefined || r.errorType !== undefined) return;
    scope.responses++;
    scope.latency.record(r.end - r.intendedStart);
    if (r.ttfb !== undefined) scope.ttfb.record(r.ttfb - r.intendedStart);
    if (r.firstChunk !== undefined) scope.firstChunk.record(r.firstChunk - r.intendedStart);
    if (r.tokens !== undefined) {
      scope.withTokens++;
      scope.tokensTotal += r.tokens;
      scope.tokens.record(r.tokens);
      const second = Math.floor((r.end - (this.startedAt ?? r.end)) / 1000);
      if (second >= 0) scope.addTokens(second, r.tokens);
      // Time per output token (TPOT): after the first token, the rest arrived at this pace; only a
      // streamed body has tokens arriving over time (a JSON answer's tokens all come at once).
      if (r.streamed === true && r.firstChunk !== undefined && r.tokens >= 2) {
        scope.streamed++;
        scope.perOutputToken.record((r.end - r.firstChunk) / (r.tokens - 1));
      }
    }
  }

  onDropped(): void {
    // Nothing was sent.
  }

  onFlow(): void {
    // Its steps came through onRequest.
  }

  onStage(stage: number, at: number): void {
    if (stage === 0 && this.startedAt === undefined) this.startedAt = at;
  }

  take(): InferenceState {
    const byName: Record<string, InferenceNameState> = {};
    for (const [name, scope] of this.byName) if (!scope.empty) byName[name] = scope.state('buckets', true);
    return { byName };
  }

  state(): InferenceState {
    return { byName: Object.fromEntries([...this.byName].map(([name, scope]) => [name, scope.state('hdr', false)])) };
  }

  absorb(s: InferenceState): void {
    for (const [name, st] of Object.entries(s.byName)) {
      let scope = this.byName.get(name);
      if (scope === undefined) this.byName.set(name, (scope = new NameScope()));
      scope.absorb(st);
    }
  }

  stats(durationS: number): Record<string, InferenceStats> {
    const out: Record<string, InferenceStats> = {};
    const seconds = Math.max(1, Math.ceil(durationS));
    const stepS = Math.max(1, Math.ceil(seconds / MAX_TIMELINE_POINTS));
    for (const [name, s] of this.byName) {
      const t = s.tokens.stats();
      out[name] = {
        responses: s.responses,
        withTokens: s.withTokens,
        streamed: s.streamed,
        tokens: {
          total: s.tokensTotal,
          perSecond: durationS > 0 ? round2(s.tokensTotal / durationS) : 0,
          perRequest: { avg: round2(t.avg), p50: t.p50, p95: t.p95, max: t.max },
        },
        ttfb: s.ttfb.stats(),
        firstChunk: s.firstChunk.stats(),
        timePerOutputToken: s.perOutputToken.stats(),
        latency: s.latency.stats(),
        timeline: { stepS, tokensPerS: timeline(s.tokensBySecond, Math.max(durationS, 0.001), stepS) },
      };
    }
    return out;
  }
}

/** Tokens per second in steps of `stepS` over the run (a late response's second past the end joins the last step). */
function timeline(bySecond: readonly number[], durationS: number, stepS: number): number[] {
  const steps = Math.ceil(durationS / stepS);
  const sums = new Array<number>(steps).fill(0);
  bySecond.forEach((n, i) => {
    const k = Math.min(steps - 1, Math.floor(i / stepS));
    sums[k] = (sums[k] as number) + n;
  });
  // The last step may be shorter: its tokens over the time it had.
  return sums.map((n, k) => round2(n / Math.min(stepS, durationS - k * stepS)));
}
