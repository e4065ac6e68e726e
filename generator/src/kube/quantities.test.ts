import { parseCpu, parseMemory } from './quantities';

describe('Kubernetes quantities from metrics.k8s.io', () => {
  it('CPU in cores: nano, micro, milli and whole cores', () => {
    expect(parseCpu('123456789n')).toBeCloseTo(0.123456789, 9);
    expect(parseCpu('1500u')).toBeCloseTo(0.0015, 9);
    expect(parseCpu('250m')).toBe(0.25);
    expect(parseCpu('2')).toBe(2);
    expect(parseCpu('bogus')).toBe(0);
  });
  it('memory in bytes: binary and decimal suffixes', () => {
    expect(parseMemory('12345Ki')).toBe(12345 * 1024);
    expect(parseMemory('64Mi')).toBe(64 * 1024 ** 2);
    expect(parseMemory('1G')).toBe(1e9);
    expect(parseMemory('1000000')).toBe(1e6);
  });
});
