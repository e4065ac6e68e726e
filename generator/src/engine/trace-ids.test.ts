import { newTraceIds, traceparent } from './trace-ids';

describe('newTraceIds', () => {
  it('returns well-formed, distinct, non-zero ids', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const { traceId, spanId } = newTraceIds();
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(traceId).not.toBe('0'.repeat(32));
      expect(spanId).not.toBe('0'.repeat(16));
      seen.add(traceId);
    }
    expect(seen.size).toBe(5000);
  });

  it('formats a sampled W3C traceparent', () => {
    expect(traceparent('a'.repeat(32), 'b'.repeat(16))).toBe(`00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`);
  });
});
