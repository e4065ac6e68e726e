import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EngineGauges } from '../engine';
import { RunAggregator } from './run-aggregator';
import { sampleSummary } from './sample-summary';
import { summaryCsv } from './summary-csv';
import { summaryMarkdown } from './summary-markdown';
import { record, testScenario } from './test-fixtures';
import { parseTimeseriesCsv, timeseriesCsv } from './timeseries-csv';
import { writeResults } from './write-results';

const gauges: EngineGauges = { stage: 0, targetRate: 50, inFlight: 2, sent: 0, completed: 0, dropped: 0 };

describe('summary.csv', () => {
  it('has exactly the spreadsheet header and one row', () => {
    const lines = summaryCsv(sampleSummary()).split('\n');
    expect(lines).toEqual([
      'Users_or_Rate,RPS,Median_ms,P95_ms,P99_ms,Failures_Pct,Total_Requests,Duration_s,Timestamp,Status',
      expect.any(String),
      '',
    ]);
    const s = sampleSummary();
    expect(lines[1]).toBe(`200,50,${s.latency.p50},${s.latency.p95},${s.latency.p99},2,100,2,2026-01-01T12:00:00.000Z,failed`);
  });
});

describe('timeseries.csv', () => {
  it('one row per tick under the documented header', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const agg = new RunAggregator({ scenario: testScenario(), runId: 'r', startedAt: t0 });
    for (let i = 0; i < 20; i++) agg.onRequest(record({ at: t0, latencyMs: 8, errorType: i === 0 ? 'timeout' : i < 3 ? '503' : undefined }));
    agg.tick(t0 + 1000, gauges);
    agg.onDropped(0, t0 + 1500);
    agg.tick(t0 + 2000, { ...gauges, stage: 1, targetRate: 75.5 });
    expect(timeseriesCsv(agg.timeseries()).split('\n')).toEqual([
      'time,elapsed_s,stage,target,rps,p50_ms,p95_ms,p99_ms,errors,vus,in_flight,dropped,errors_by_type,requests',
      '2026-01-01T00:00:01.000Z,1,0,50,20,8,8,8,3,0,2,0,503:2;timeout:1,20',
      '2026-01-01T00:00:02.000Z,2,1,75.5,0,0,0,0,0,0,2,1,,0',
      '',
    ]);
    // The report reads it back.
    expect(parseTimeseriesCsv(timeseriesCsv(agg.timeseries()))).toEqual(agg.timeseries());
  });

  it('reads files written before the requests column', () => {
    const rows = parseTimeseriesCsv('time,elapsed_s,stage,target,rps,p50_ms,p95_ms,p99_ms,errors,vus,in_flight,dropped,errors_by_type\n2026-01-01T00:00:01.000Z,1,0,50,20,8,8,8,3,0,2,0,503:3\n');
    expect(rows).toEqual([{ time: '2026-01-01T00:00:01.000Z', elapsedS: 1, stage: 0, target: 50, rps: 20, p50: 8, p95: 8, p99: 8, errors: 3, errorsByType: { 503: 3 }, vus: 0, inFlight: 2, dropped: 0 }]);
  });
});

describe('summary.md', () => {
  it('opens with the threshold table, then totals, latency, requests, stages, errors, telemetry', () => {
    const md = summaryMarkdown(sampleSummary({ spilled: 4 }));
    const order = ['## Thresholds', '## Totals', '## Latency', '## Per request', '## Per stage', '## Errors', '## Telemetry'].map((h) => md.indexOf(h));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
    expect(md).toContain('| | Threshold | Observed |');
    expect(md).toMatch(/\| ✓ \| `p95 < 500ms` \| [\d.]+ms \|/);
    expect(md).toContain('| ✗ | `error_rate < 1%` | 2.00% |');
    expect(md).toContain('| `ECONNREFUSED` | 2 | 2% |');
    expect(md).toContain('| 100 | 96 | 4 | 0 |');
    expect(md).toContain('scaletrace replay');
    expect(md.split('\n')[0]).toBe('# ScaleTrace run 20260101-120000-abcd: unit — FAILED');
  });
});

describe('writeResults', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-results-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the five files and summary.json is the Summary object', async () => {
    const summary = sampleSummary();
    const out = path.join(dir, 'nested', 'run');
    const files = await writeResults(out, summary, []);
    expect(files.map((f) => path.basename(f))).toEqual(['summary.json', 'summary.md', 'summary.csv', 'timeseries.csv', 'failures.jsonl']);
    expect(JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'))).toEqual(summary);
    expect(readFileSync(path.join(out, 'timeseries.csv'), 'utf8')).toBe('time,elapsed_s,stage,target,rps,p50_ms,p95_ms,p99_ms,errors,vus,in_flight,dropped,errors_by_type,requests\n');
    expect(readFileSync(path.join(out, 'failures.jsonl'), 'utf8')).toBe('');
  });

  it('summary.json stays valid JSON when a threshold had no data (NaN → null)', async () => {
    const summary = sampleSummary({ thresholds: [{ expr: 'idle: p95 < 1s', ok: true, value: Number.NaN, unit: 'ms', noData: true }] });
    const out = path.join(dir, 'nodata');
    await writeResults(out, summary, []);
    const json = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { thresholds: unknown[] };
    expect(json.thresholds).toEqual([{ expr: 'idle: p95 < 1s', ok: true, value: null, unit: 'ms', noData: true }]);
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toContain('| ✓ | `idle: p95 < 1s` | no data |');
  });
});
