import { ResponseExtract } from './response-extract';

const chunks = (...parts: string[]): Buffer[] => parts.map((p) => Buffer.from(p));

describe('ResponseExtract', () => {
  const usage = new ResponseExtract({ tokens: '$.usage.completion_tokens', firstChunk: true });

  it('reads the path from a JSON body, split over chunks', () => {
    expect(usage.tokens(chunks('{"usage": {"completion', '_tokens": 28}}'), 'application/json')).toBe(28);
    expect(usage.readsBody).toBe(true);
  });

  it('undefined when the body is not JSON, the path is absent or not a count', () => {
    expect(usage.tokens(chunks('<html>'), 'text/html')).toBeUndefined();
    expect(usage.tokens(chunks('{"usage": {}}'), 'application/json')).toBeUndefined();
    expect(usage.tokens(chunks('{"usage": {"completion_tokens": "many"}}'), undefined)).toBeUndefined();
    expect(usage.tokens(chunks('{"usage": {"completion_tokens": -1}}'), undefined)).toBeUndefined();
    expect(usage.tokens(chunks('[1, 2]'), undefined)).toBeUndefined();
    expect(usage.tokens([], undefined)).toBeUndefined();
    expect(usage.tokens(chunks('{"usage": {"completion_tokens": "12"}}'), undefined)).toBe(12);
  });

  it('server-sent events: the last event with the path wins; [DONE] and comments are skipped', () => {
    const sse = [
      'data: {"choices":[{"text":"a"}]}\n\n',
      ': keep-alive\n\n',
      'data: {"choices":[],"usage":{"completion_tokens":3}}\n\n',
      'data: [DONE]\n\n',
    ];
    expect(usage.tokens(chunks(...sse), 'text/event-stream; charset=utf-8')).toBe(3);
  });

  it('NDJSON streams, and array indices in the path', () => {
    const path = new ResponseExtract({ tokens: '$.results[0].tokens', firstChunk: false });
    expect(path.tokens(chunks('{"results":[{"tokens":4}]}\n{"results":[{"tokens":9}]}\n{"done":true}\n'), 'application/x-ndjson')).toBe(9);
    expect(path.firstChunk).toBe(false);
  });

  it('first chunk only: nothing to read from the body', () => {
    const first = new ResponseExtract({ firstChunk: true });
    expect(first.readsBody).toBe(false);
    expect(first.tokens(chunks('{"usage":{"completion_tokens":1}}'), 'application/json')).toBeUndefined();
  });

  it('a filter expression is never evaluated (eval off) and never throws on the hot path', () => {
    const filter = new ResponseExtract({ tokens: '$.a[?(@.b > 1)].b', firstChunk: false });
    expect(filter.tokens(chunks('{"a":[{"b":2}]}'), 'application/json')).toBeUndefined();
  });
});
