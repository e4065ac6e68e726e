import { formatDuration, parseDuration, parseDurationRange } from './duration';

describe('parseDuration', () => {
  it.each([
    ['200ms', 200], ['10s', 10_000], ['1.5s', 1500], ['5m', 300_000], ['1m30s', 90_000],
    ['1h', 3_600_000], ['1h2m3s4ms', 3_723_004], ['0s', 0], [' 10s ', 10_000], ['30', 30_000], ['0.25', 250],
  ])('%j → %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it('reads a bare number as seconds, like k6', () => {
    expect(parseDuration(3)).toBe(3000);
    expect(parseDuration(0.5)).toBe(500);
  });

  it.each(['10 parsecs', '5x', '', 's', '10', '-1s', '1.s', 'ms10'].filter((s) => s !== '10'))('rejects %j', (input) => {
    expect(() => parseDuration(input)).toThrow(/invalid duration/);
  });

  it('rejects negative and non-finite numbers', () => {
    expect(() => parseDuration(-1)).toThrow(/must be ≥ 0/);
    expect(() => parseDuration(Number.NaN)).toThrow(/invalid duration/);
  });
});

describe('parseDurationRange', () => {
  it('reads a uniform range or a fixed value', () => {
    expect(parseDurationRange('200ms..800ms')).toEqual({ minMs: 200, maxMs: 800 });
    expect(parseDurationRange('1s')).toEqual({ minMs: 1000, maxMs: 1000 });
    expect(parseDurationRange(2)).toEqual({ minMs: 2000, maxMs: 2000 });
  });
  it('rejects an inverted or malformed range', () => {
    expect(() => parseDurationRange('800ms..200ms')).toThrow(/upper bound is below/);
    expect(() => parseDurationRange('1s..')).toThrow(/invalid duration/);
  });
});

describe('formatDuration', () => {
  it('prints the shortest readable form', () => {
    expect([250, 1500, 30_000, 90_000, 3_600_000, 5_400_000, 86_400_000, 7_199_000].map(formatDuration))
      .toEqual(['250ms', '1.5s', '30s', '1m30s', '1h', '1h30m', '24h', '2h']);
  });
});
