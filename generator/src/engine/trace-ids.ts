import { randomFillSync } from 'node:crypto';

// One crypto fill serves many requests: 24 random bytes per id pair instead of a syscall each.
const POOL_BYTES = 24 * 1024;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** A fresh W3C trace id (32 hex) and span id (16 hex); never all-zero (invalid per W3C). */
export function newTraceIds(): { traceId: string; spanId: string } {
  for (;;) {
    if (offset + 24 > POOL_BYTES) {
      randomFillSync(pool);
      offset = 0;
    }
    const traceId = pool.toString('hex', offset, offset + 16);
    const spanId = pool.toString('hex', offset + 16, offset + 24);
    offset += 24;
    if (traceId !== ZERO_TRACE && spanId !== ZERO_SPAN) return { traceId, spanId };
  }
}

export function traceparent(traceId: string, spanId: string): string {
  return '00-' + traceId + '-' + spanId + '-01';
}

/** A fresh span id (16 hex) for a span inside an existing trace (a flow's steps). */
export function newSpanId(): string {
  for (;;) {
    if (offset + 8 > POOL_BYTES) {
      randomFillSync(pool);
      offset = 0;
    }
    const spanId = pool.toString('hex', offset, offset + 8);
    offset += 8;
    if (spanId !== ZERO_SPAN) return spanId;
  }
}
