import type { RequestRecord, RunObserver } from '../../engine';
import { round2 } from '../breakdown-recorder';
import { LatencyRecorder } from '../latency-recorder';
import type { InferenceStats } from './inference-stats';

class NameScope {
  responses = 0;
  withTokens = 0;
  tokensTotal = 0;
  // A value distribution like any other: the HDR recorder holds token counts here, not ms.
  readonly tokens = new LatencyRecorder();
  readonly ttfb = new LatencyRecorder();
  readonly firstChunk = new LatencyRecorder();
  readonly latency = new LatencyRecorder();
}

/** Tokens and time to first chunk per request name; only runs whose scenario has `extract:` add it. */
export class InferenceRecorder implements RunObserver {
  private readonly byName = new Map<string, NameScope>();

  /** `names`: the request names that declare `extract` (others are ignored). */
  constructor(names: readonly string[]) {
    for (const n of names) this.byName.set(n, new NameScope());
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
    }
  }

  onDropped(): void {
    // Nothing was sent.
  }

  onStage(): void {
    // Not per stage.
  }

  stats(durationS: number): Record<string, InferenceStats> {
    const out: Record<string, InferenceStats> = {};
    for (const [name, s] of this.byName) {
      const t = s.tokens.stats();
      out[name] = {
        responses: s.responses,
        withTokens: s.withTokens,
        tokens: {
          total: s.tokensTotal,
          perSecond: durationS > 0 ? round2(s.tokensTotal / durationS) : 0,
          perRequest: { avg: round2(t.avg), p50: t.p50, p95: t.p95, max: t.max },
        },
        ttfb: s.ttfb.stats(),
        firstChunk: s.firstChunk.stats(),
        latency: s.latency.stats(),
      };
    }
    return out;
  }
}
