/** Durations as people write them: "500ms", "10s", "1m30s", "1.5h"; a bare number is seconds (as in k6). */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

export class DurationError extends Error {}

export function parseDuration(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new DurationError(`invalid duration ${input} (must be ≥ 0)`);
    return input * 1000;
  }
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  let total = 0;
  PART.lastIndex = 0;
  let consumed = 0;
  for (let m = PART.exec(text); m !== null; m = PART.exec(text)) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    consumed = PART.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length) {
    throw new DurationError(`invalid duration ${JSON.stringify(input)} (use e.g. 500ms, 10s, 1m30s, 1h)`);
  }
  return total;
}

/** "200ms..800ms" (or "1s-3s") → a uniform range; "1s" → a fixed value. */
export function parseDurationRange(input: string | number): { minMs: number; maxMs: number } {
  const dash = typeof input === 'string' ? /^\s*([^-\s][^-]*?)\s*-\s*([^-]+?)\s*$/.exec(input) : null;
  if (typeof input === 'string' && (input.includes('..') || dash)) {
    const [lo, hi] = dash ? [dash[1], dash[2]] : input.split('..');
    const minMs = parseDuration(lo ?? '');
    const maxMs = parseDuration(hi ?? '');
    if (maxMs < minMs) throw new DurationError(`invalid range ${JSON.stringify(input)}: the upper bound is below the lower one`);
    return { minMs, maxMs };
  }
  const ms = parseDuration(input);
  return { minMs: ms, maxMs: ms };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(2)}s`;
  if (ms >= 3_600_000) {
    // A day-long preset reads as 24h, not 1440m; seconds no longer matter there.
    const h = Math.floor(ms / 3_600_000);
    const m = Math.round((ms % 3_600_000) / 60_000);
    return m === 60 ? `${h + 1}h` : m ? `${h}h${m}m` : `${h}h`;
  }
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${m}m${s}s` : `${m}m`;
}
