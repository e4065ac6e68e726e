import http from 'node:http';
import { ResponseExtract, isStreamedBody } from '../generator/src/engine/response-extract';
import { waitFor } from './helpers/wait-for';
import { COMPLETIONS_PATH, startSseTarget, type SseTarget } from '../generator/src/bench/sse-target';

let target: SseTarget;
afterEach(async () => { await target.close(); });

/** One streamed completion: the body, its content type and when each token arrived (ms after the send). */
function complete(url: string): Promise<{ type?: string; body: string; tokensAtMs: number[] }> {
  return new Promise((resolve, reject) => {
    const sent = performance.now();
    const req = http.request(`${url}${COMPLETIONS_PATH}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      const tokensAtMs: number[] = [];
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
        // a busy event loop may read two tokens at once: count them, not chunks
        const at = performance.now() - sent;
        for (const _ of d.matchAll(/"content":/g)) tokensAtMs.push(at);
      });
      res.on('end', () => resolve({ type: res.headers['content-type'], body, tokensAtMs }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('no answer in 10 s')));
    req.on('error', reject);
    req.end('{"model":"bench","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}');
  });
}

describe('startSseTarget', () => {
  it('streams an OpenAI chat-completions answer the generator reads 4 tokens from', async () => {
    target = await startSseTarget({ responseMs: 200, tokenMs: 50 });
    const r = await complete(target.url);
    expect(r.type).toBe('text/event-stream');
    const events = r.body.split('\n\n').filter((e) => e !== '');
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(events[events.length - 1]).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)) as {
      object: string; choices: { delta: { content?: string; role?: string }; finish_reason: string | null }[]; usage?: { completion_tokens: number };
    });
    expect(chunks.map((c) => c.choices[0]?.delta.content)).toEqual(['tok', ' tok', ' tok', ' tok', undefined, undefined]);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks[4]?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks[5]?.usage?.completion_tokens).toBe(4);
    expect(new Set(chunks.map((c) => c.object))).toEqual(new Set(['chat.completion.chunk']));
    // what `extract: { tokens: $.usage.completion_tokens }` reads from it
    expect(isStreamedBody(r.type)).toBe(true);
    expect(new ResponseExtract({ tokens: '$.usage.completion_tokens', firstChunk: true }).tokens([Buffer.from(r.body)], r.type)).toBe(4);
  });

  it('never sends a token before it is due, and records the timing it kept', async () => {
    target = await startSseTarget({ responseMs: 200, tokenMs: 50 });
    const r = await complete(target.url);
    // token i is due 50·i ms after the arrival, which is after the send (same clock: one process)
    expect(r.tokensAtMs).toHaveLength(4);
    r.tokensAtMs.forEach((at, i) => expect(at).toBeGreaterThanOrEqual(50 * (i + 1)));
    const s = target.stats();
    expect(s).toMatchObject({ tokensPerResponse: 4, started: 1, completed: 1, aborted: 0, active: 0, peakActive: 1 });
    expect(s.ttftMs.count).toBe(1);
    expect(s.ttftMs.p50).toBeGreaterThanOrEqual(50);
    expect(s.tpotMs.p50).toBeGreaterThanOrEqual(49);
    // generous: a busy machine delays timers, but not by 10 token intervals
    expect(s.ttftMs.max).toBeLessThan(500);
    expect(s.lateMs.count).toBe(4);
  });

  it('counts streams in flight and the ones the client closed early', async () => {
    target = await startSseTarget({ responseMs: 30_000, tokenMs: 50 });
    const req = http.request(`${target.url}${COMPLETIONS_PATH}`, { method: 'POST', agent: false });
    req.on('error', () => { /* destroyed below */ });
    req.on('response', (res) => res.once('data', () => req.destroy()));
    req.end('{}');
    await waitFor('the target sees the stream closed', 10_000, () => target.stats().aborted === 1);
    expect(target.stats()).toMatchObject({ started: 1, completed: 0, aborted: 1, active: 0, peakActive: 1 });
    target.reset();
    expect(target.stats()).toMatchObject({ started: 0, aborted: 0, peakActive: 0 });
  });

  it('serves its stats over HTTP for the bench process', async () => {
    target = await startSseTarget({ responseMs: 100, tokenMs: 50 });
    await complete(target.url);
    const stats = await (await fetch(`${target.url}/__bench/stats`)).json() as { completed: number; tokensPerResponse: number };
    expect(stats).toMatchObject({ completed: 1, tokensPerResponse: 2 });
    expect((await fetch(`${target.url}/__bench/reset`, { method: 'POST' })).status).toBe(204);
    expect(((await (await fetch(`${target.url}/__bench/stats`)).json()) as { completed: number }).completed).toBe(0);
  });
});
