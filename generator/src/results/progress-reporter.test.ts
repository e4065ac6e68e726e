import { Writable } from 'node:stream';
import type { EngineGauges } from '../engine';
import { ProgressReporter } from './progress-reporter';
import type { TimeseriesRow } from './types';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean, readonly columns?: number) { super(); }
  override _write(chunk: Buffer, _enc: string, cb: () => void): void { this.text += chunk.toString(); cb(); }
}

const gauges: EngineGauges = { stage: 1, targetRate: 200, inFlight: 4, sent: 0, completed: 0, dropped: 0 };
const row = (elapsedS: number, errors = 0): TimeseriesRow => ({
  time: '', elapsedS, stage: 1, target: 200, rps: 198.4, p50: 3, p95: 12.5, p99: 40, errors, errorsByType: {}, vus: 0, inFlight: 4, dropped: 0,
});

describe('ProgressReporter', () => {
  it('not a TTY: a plain line every 5 ticks, the last state at done(), never an escape code', () => {
    const out = new Capture(false);
    const p = new ProgressReporter(out, { scenario: 'smoke', model: 'open', totalMs: 60_000 });
    for (let s = 1; s <= 12; s++) p.update(row(s, 1), gauges);
    p.done();
    const lines = out.text.trimEnd().split('\n');
    expect(lines).toHaveLength(4); // ticks 1, 6, 11, then the tick-12 state from done()
    expect(lines[0]).toBe('smoke  1s/1m00s  stage 1  rate 198/s of 200/s  p95 12.5ms  errors 1  in-flight 4');
    expect(lines[3]).toContain('12s/1m00s');
    expect(lines[3]).toContain('errors 12');
    expect(out.text).not.toMatch(/[\x1b\r]/); // eslint-disable-line no-control-regex
  });

  it('not a TTY: counts ticks, not elapsed seconds; closed model shows VUs', () => {
    const out = new Capture(false);
    const p = new ProgressReporter(out, { scenario: 'short', model: 'closed', totalMs: 20_000 });
    for (let t = 1; t <= 10; t++) p.update(row(t / 2), { ...gauges, vus: 10, targetRate: undefined });
    p.done();
    const lines = out.text.trimEnd().split('\n');
    expect(lines.map((l) => l.split('  ')[1])).toEqual(['0.5s/20s', '3s/20s', '5s/20s']); // ticks 1, 6, then 10 from done()
    expect(out.text).toContain('vus 10  198/s');
    expect(out.text).not.toMatch(/[\x1b\r]/); // eslint-disable-line no-control-regex
  });

  it('the end-of-run sliver of a tick keeps the last full second\'s rate and p95, but current errors', () => {
    const out = new Capture(false);
    const p = new ProgressReporter(out, { scenario: 'smoke', model: 'open', totalMs: 6000 });
    p.update(row(1, 2), gauges);
    p.update({ ...row(1.007, 1), rps: 0, p95: 0, target: 0 }, { ...gauges, targetRate: 0, inFlight: 0 });
    p.done();
    expect(out.text.trimEnd().split('\n')[1]).toBe('smoke  1s/6s  stage 1  rate 198/s of 200/s  p95 12.5ms  errors 3  in-flight 0');
  });

  it('TTY: one line rewritten in place, cut to the terminal width, ended by done()', () => {
    const out = new Capture(true, 40);
    const p = new ProgressReporter(out, { scenario: 'smoke', model: 'open' });
    p.update(row(1), gauges);
    p.update(row(2), { ...gauges, dropped: 7 });
    p.done();
    const frames = out.text.split('\r\x1b[2K');
    expect(frames).toHaveLength(3);
    expect(frames[1]).toHaveLength(39);
    expect(out.text.endsWith('\n')).toBe(true);
    expect(out.text.split('\n')).toHaveLength(2);
  });
});
