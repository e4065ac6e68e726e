import type { RequestRecord } from '../../engine';
import { record } from '../test-fixtures';
import { inferenceLines, inferenceMarkdown } from './format-inference';
import { InferenceRecorder } from './inference-recorder';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A successful answer of `tokens` tokens sent at `at`: first chunk after `firstMs`, the end after `endMs`. */
function answer(at: number, tokens: number, firstMs: number, endMs: number, streamed: boolean): RequestRecord {
  return { ...record({ name: 'gen', at, latencyMs: endMs }), tokens, firstChunk: at + firstMs, streamed };
}

describe('InferenceRecorder', () => {
  it('time per output token from streamed answers only: (end − first chunk) ÷ (tokens − 1)', () => {
    const rec = new InferenceRecorder(['gen']);
    rec.onStage(0, T0);
    // Streamed: 11 tokens, first at 100 ms, the other 10 over the next 200 / 400 ms → 20 / 40 ms per token.
    rec.onRequest(answer(T0, 11, 100, 300, true));
    rec.onRequest(answer(T0 + 10, 11, 100, 500, true));
    // A JSON answer: all tokens at once, so no pace to measure; a one-token stream has none either.
    rec.onRequest(answer(T0 + 20, 50, 290, 300, false));
    rec.onRequest(answer(T0 + 30, 1, 50, 60, true));
    const s = rec.stats(1).gen;
    expect(s?.streamed).toBe(2);
    expect(s?.timePerOutputToken.min).toBe(20);
    expect(s?.timePerOutputToken.max).toBe(40);
    expect(s?.timePerOutputToken.p50).toBeCloseTo(20, 1);
    expect(s?.timePerOutputToken.p99).toBeCloseTo(40, 1);
    expect(inferenceLines({ gen: s as NonNullable<typeof s> })[0]).toMatch(/ · time per output token p50=20ms p95=40ms p99=40ms · ttfb p95=/);
    expect(inferenceMarkdown({ gen: s as NonNullable<typeof s> }).join('\n')).toMatch(/\| Streamed \| TPOT p50 \| TPOT p95 \| TPOT p99 \|[\s\S]*\| 2 \| 20(\.\d+)? \| 40 \| 40 \|/);
  });

  it('tokens/s over the run by completion second, from the run start (stage 0)', () => {
    const rec = new InferenceRecorder(['gen']);
    rec.onStage(0, T0);
    rec.onStage(1, T0 + 1500);
    rec.onRequest(answer(T0, 10, 10, 500, false));          // completes in second 0
    rec.onRequest(answer(T0 + 800, 30, 10, 400, false));    // 1.2 s: second 1
    rec.onRequest(answer(T0 + 1900, 5, 10, 200, false));    // 2.1 s: second 2
    rec.onRequest({ ...answer(T0 + 1900, 99, 10, 200, false), errorType: '500', tokens: undefined }); // failures count no tokens
    expect(rec.stats(3).gen?.timeline).toEqual({ stepS: 1, tokensPerS: [10, 30, 5] });
    // A 2.5-s run: the last step is half a second long.
    expect(rec.stats(2.5).gen?.timeline.tokensPerS).toEqual([10, 30, 10]);
  });

  it('a long run keeps at most 1800 timeline points', () => {
    const rec = new InferenceRecorder(['gen'], T0);
    for (let s = 0; s < 7200; s += 10) rec.onRequest(answer(T0 + s * 1000, 20, 10, 100, false));
    const t = rec.stats(7200).gen?.timeline;
    expect(t?.stepS).toBe(4);
    expect(t?.tokensPerS).toHaveLength(1800);
    // 20 tokens every 10 s: steps of 4 s hold one answer or none.
    expect(new Set(t?.tokensPerS)).toEqual(new Set([5, 0]));
  });
});

describe('InferenceRecorder state/absorb', () => {
  /** Streamed and JSON answers over 20 s, some failed, whole-ms times; in completion order. */
  function answers(): RequestRecord[] {
    const out: RequestRecord[] = [];
    for (let i = 0; i < 400; i++) {
      const at = T0 + i * 50;
      const base = answer(at, 5 + (i % 17), 20 + (i % 13) * 7, 200 + (i % 29) * 11, i % 3 !== 0);
      out.push(i % 23 === 0 ? { ...base, errorType: '503', tokens: undefined } : { ...base, ttfb: at + 10 + (i % 5) });
    }
    return out.sort((a, b) => a.end - b.end);
  }
  const carried = <T>(s: T): T => JSON.parse(JSON.stringify(structuredClone(s))) as T;

  it('two shards merged from state(), or two workers\' take()s absorbed: the same figures and tokens/s timeline as one recorder', () => {
    const all = new InferenceRecorder(['gen'], T0);
    const shards = [new InferenceRecorder(['gen'], T0), new InferenceRecorder(['gen'], T0)];
    const workers = [new InferenceRecorder(['gen'], T0), new InferenceRecorder(['gen'], T0)];
    const coordinator = new InferenceRecorder(['gen'], T0);
    answers().forEach((r, i) => {
      all.onRequest(r);
      shards[i % 2]?.onRequest(r);
      workers[i % 2]?.onRequest(r);
      if (i % 31 === 0) for (const w of workers) coordinator.absorb(carried(w.take()));
    });
    for (const w of workers) coordinator.absorb(carried(w.take()));
    const merged = new InferenceRecorder(['gen'], T0);
    for (const s of shards) merged.absorb(carried(s.state()));
    const whole = all.stats(20.5);
    expect(merged.stats(20.5)).toEqual(whole);
    expect(coordinator.stats(20.5)).toEqual(whole);
    expect(whole.gen?.responses).toBe(400 - 18);
    expect(whole.gen?.timeline.tokensPerS.length).toBe(21);
    expect(shards[0]?.stats(20.5).gen?.responses).toBeLessThan(whole.gen?.responses as number);
    // A take() hands everything over: the next one is empty.
    expect(workers[0]?.take()).toEqual({ byName: {} });
  });
});
