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

describe('EventScanner (streamed bodies read as they arrive)', () => {
  const usage = new ResponseExtract({ tokens: '$.usage.completion_tokens', firstChunk: true });

  it('finds the count across chunk boundaries that split lines and multi-byte characters, keeping no body', () => {
    const scanner = usage.eventScanner('text/event-stream');
    if (scanner === undefined) throw new Error('no scanner for SSE');
    const body = Buffer.from('data: {"choices":[{"text":"é"}]}\n\ndata: {"usage":{"completion_tokens":7}}\n\ndata: [DONE]\n\n');
    // one byte at a time: every line and the 2-byte "é" are split
    for (let i = 0; i < body.length; i++) scanner.push(body.subarray(i, i + 1));
    expect(scanner.result()).toBe(7);
  });

  it('a last line without a newline still counts; NDJSON has no prefix; other bodies get no scanner', () => {
    const nd = usage.eventScanner('application/x-ndjson');
    nd?.push(Buffer.from('{"usage":{"completion_tokens":2}}\n{"usage":{"completion_tokens":5}}'));
    expect(nd?.result()).toBe(5);
    expect(usage.eventScanner('application/json')).toBeUndefined();
    expect(new ResponseExtract({ firstChunk: true }).eventScanner('text/event-stream')).toBeUndefined();
  });

  it('events without the last property name are not parsed (and cannot match)', () => {
    const scanner = usage.eventScanner('text/event-stream');
    scanner?.push(Buffer.from('data: {not json but no needle}\ndata: {"usage":{"completion_tokens":1}}\n'));
    expect(scanner?.result()).toBe(1);
  });
});

describe('EventScanner fast path', () => {
  it('skips whole-line chunks without the property name, but not a chunk that finishes a split line', () => {
    const usage = new ResponseExtract({ tokens: '$.usage.completion_tokens', firstChunk: true });
    const scanner = usage.eventScanner('text/event-stream');
    // a line split so that its second half holds no needle, ends with a newline and follows an unfinished line
    scanner?.push(Buffer.from('data: {"usage":{"completion_tok'));
    scanner?.push(Buffer.from('ens":9}}\n\n'));
    scanner?.push(Buffer.from('data: {"choices":[{"text":"x"}]}\n\n'));
    expect(scanner?.result()).toBe(9);
    const split = usage.eventScanner('text/event-stream');
    split?.push(Buffer.from('data: {"usage":{"completion_tokens":4'));
    split?.push(Buffer.from('}}\n'));
    expect(split?.result()).toBe(4);
  });
});
