import { formatSummary } from './format-summary';
import { sampleSummary } from './sample-summary';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[/;

describe('formatSummary', () => {
  it('first lines say pass/fail per threshold with the observed value', () => {
    const lines = formatSummary(sampleSummary(), { color: false }).split('\n');
    expect(lines[0]).toMatch(/^✓ p95 < 500ms \(p95=[\d.]+ms\)$/);
    expect(lines[1]).toBe('✗ error_rate < 1% (error_rate=2.00%)');
    expect(lines[2]).toBe('✓ health: p99 < 1s (p99=3ms)');
    expect(lines[3]).toBe('');
  });

  it('a threshold with no data says so; no thresholds says so', () => {
    const noData = sampleSummary({ thresholds: [{ expr: 'idle: p(95) < 1s', ok: true, value: Number.NaN, unit: 'ms', noData: true }] });
    expect(formatSummary(noData, { color: false }).split('\n')[0]).toBe('✓ idle: p(95) < 1s (p(95)=no data)');
    expect(formatSummary(sampleSummary({ thresholds: [] }), { color: false }).split('\n')[0]).toBe('no thresholds defined');
  });

  it('then totals, percentiles per request name, errors and span accounting', () => {
    const text = formatSummary(sampleSummary({ spilled: 3 }), { color: false });
    expect(text).toMatch(/http_reqs \.+: 100 {2}50\/s/);
    expect(text).toMatch(/http_req_failed \.+: 2% {2}2 out of 100/);
    expect(text).toMatch(/^ {4}duration \.+: 2s$/m);
    expect(text).toMatch(/dropped_arrivals \.+: 0/);
    expect(text).toMatch(/http_req_duration \.+: avg=[\d.]+ms min=3ms med=[\d.]+ms p90=.* p95=.* p99=.* max=99ms/);
    expect(text).toMatch(/\{ name:predict \} \.+: avg=[\d.]+ms min=10ms/);
    expect(text).toMatch(/\{ name:health \} \.+: avg=3ms/);
    expect(text).toMatch(/ECONNREFUSED \.+: 2/);
    expect(text).toContain('spans created=100 exported=97 spilled=3 dropped=0');
    expect(text).not.toMatch(ANSI);
  });

  it('says telemetry is off when no OTLP endpoint was configured', () => {
    const summary = sampleSummary();
    summary.telemetry = { spans: { created: 0, exported: 0, spilled: 0, dropped: 0 }, metricsExported: false };
    expect(formatSummary(summary, { color: false })).toMatch(/TELEMETRY {2}off \(set OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('colors only when asked', () => {
    const colored = formatSummary(sampleSummary(), { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored).toContain('\x1b[31m✗ error_rate < 1% (error_rate=2.00%)\x1b[39m');
    expect(colored).toContain('\x1b[32m✓\x1b[39m p95 < 500ms');
  });
});
