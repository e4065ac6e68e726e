import type { SpanAccounting } from './types';

/** Span accounting of several exporters (workers, shards) as one. */
export function sumSpanAccounting(all: ReadonlyArray<SpanAccounting | undefined>): SpanAccounting {
  const total: SpanAccounting = { created: 0, exported: 0, spilled: 0, dropped: 0 };
  for (const s of all) {
    if (s === undefined) continue;
    total.created += s.created;
    total.exported += s.exported;
    total.spilled += s.spilled;
    total.dropped += s.dropped;
  }
  return total;
}
