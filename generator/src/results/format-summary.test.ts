import { formatSummary } from './format-summary';
import { sampleSummary } from './sample-summary';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[/;

describe('formatSummary', () => {
  it('first lines say pass/fail per threshold with the observed value', () => {
    const lines = formatSummary(sampleSummary(), { color: false }).split('\n');
    expect(lines[0]).toMatch(/THRESHOLDS\s+2 passed, 1 failed/);
    expect(lines[1]).toMatch(/^\s+✓ p95 < 500ms \.+: [\d.]+ms$/);
    expect(lines[2]).toMatch(/^\s+✗ error_rate < 1% \.+: 2%$/);
    expect(lines[3]).toMatch(/^\s+✓ health: p99 < 1s \.+: 3ms$/);
  });

  it('then totals, percentiles per request name, errors and span accounting', () => {
    const text = formatSummary(sampleSummary({ spilled: 3 }), { color: false });
    expect(text).toMatch(/http_reqs \.+: 100 {2}50\/s/);
    expect(text).toMatch(/http_req_failed \.+: 2% {2}2 out of 100/);
    expect(text).toMatch(/http_req_duration \.+: avg=[\d.]+ms min=3ms med=[\d.]+ms p90=.* p95=.* p99=.* max=99ms/);
    expect(text).toMatch(/\{ name:predict \} \.+: avg=[\d.]+ms min=10ms/);
    expect(text).toMatch(/\{ name:health \} \.+: avg=3ms/);
    expect(text).toMatch(/ECONNREFUSED \.+: 2/);
    expect(text).toContain('spans created=100 exported=97 spilled=3 dropped=0');
    expect(text).not.toMatch(ANSI);
  });

  it('colors only when asked', () => {
    const colored = formatSummary(sampleSummary(), { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored).toContain('\x1b[31m✗\x1b[39m');
  });
});
