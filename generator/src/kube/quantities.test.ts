import { parseCpu, parseMemory, parseQuantity } from './quantities';

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

describe('parseQuantity', () => {
  it('decimal and binary suffixes, plain numbers; garbage is NaN', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('2k')).toBe(2000);
    expect(parseQuantity('1Mi')).toBe(1024 ** 2);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity(7)).toBe(7);
    expect(parseQuantity('lots')).toBeNaN();
  });
});
