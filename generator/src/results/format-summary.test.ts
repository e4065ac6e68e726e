import { formatSummary } from './format-summary';
import { sampleSummary } from './sample-summary';
import { sampleFlowSummary } from './sample-flow-summary';

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

describe('formatSummary with flows', () => {
  it('lists each flow\'s steps indented under it, plain requests as before', () => {
    const lines = formatSummary(sampleFlowSummary(), { color: false }).split('\n');
    const at = lines.findIndex((l) => l.startsWith('      { name:predict }'));
    expect(lines[at + 1]).toMatch(/^ {6}\{ name:health \} \.+: avg=3ms/);
    expect(lines.slice(at + 2, at + 8)).toEqual([
      '      { flow:checkout }',
      '        { name:checkout.login } ..: avg=44ms min=20ms med=40ms p90=80ms p95=90ms p99=120ms max=130ms',
      '        { name:checkout.cart } ...: avg=154ms min=75ms med=150ms p90=470ms p95=480ms p99=900ms max=910ms',
      '      { flow:browse }',
      '        { name:browse.list } .....: avg=24ms min=10ms med=20ms p90=25ms p95=35ms p99=50ms max=60ms',
      '        { name:browse.item } .....: avg=29ms min=13ms med=25ms p90=35ms p95=45ms p99=60ms max=70ms',
    ]);
    expect(lines[at + 8]).toMatch(/^ {4}http_req_ttfb /);
  });

  it('a FLOWS block per flow: iterations, rate, success, failures by first failed step and error.type, incomplete, duration', () => {
    const text = formatSummary(sampleFlowSummary(), { color: false });
    expect(text).toContain([
      '  FLOWS  (duration: a whole iteration, think time included)',
      '    checkout',
      '      iterations .................: 120  2/s  success 95%',
      '      failed .....................: 6  first failed step checkout.cart 4, checkout.login 2 · error.type expectation_failed 3, 503 1, timeout 1, others 1',
      '      incomplete .................: 2',
      '      duration ...................: med=1.2s p95=2.3s p99=2.9s',
      '    browse',
      '      iterations .................: 300  5/s  success 100%',
      '      failed .....................: 0',
      '      incomplete .................: 0',
      '      duration ...................: med=80ms p95=120ms p99=150ms',
      '',
      '  STAGES',
    ].join('\n'));
    // Without flows: no block, no flow lines.
    expect(formatSummary(sampleSummary(), { color: false })).not.toMatch(/FLOWS|\{ flow:/);
  });
});
