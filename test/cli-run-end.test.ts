import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Summary } from '../generator/src/results';
import { cleanEnv, runCli } from './helpers/cli';
import { startRecordingTarget, type RecordingTarget } from './helpers/recording-target';
import { startSilentCollector, type SilentCollector } from './fixtures/silent-collector';

jest.setTimeout(90_000);

interface CsvRow { elapsedS: number; requests: number }

function readRun(out: string): { summary: Summary; rows: CsvRow[] } {
  const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
  const [header = '', ...lines] = readFileSync(path.join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
  const cols = header.split(',');
  const at = (cells: string[], name: string): number => Number(cells[cols.indexOf(name)]);
  const rows = lines.map((l) => l.split(',')).map((c) => ({ elapsedS: at(c, 'elapsed_s'), requests: at(c, 'requests') }));
  return { summary, rows };
}

/**
 * The run ends when its load ends — the last request completed, or the schedule ended — in one
 * thread or many; what comes after (the telemetry flush) is not part of its duration, its rates
 * or its timeseries, and every request of the summary is in exactly one timeseries row.
 */
describe('scaletrace run: the end of the load is the end of the run', () => {
  let dir: string;
  let target: RecordingTarget;
  let silent: SilentCollector | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-run-end-'));
    target = await startRecordingTarget();
  });
  afterEach(async () => {
    await silent?.close();
    silent = undefined;
  });
  afterAll(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function scenario(name: string, load: string[]): string {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, [`name: ${name}`, `target: ${target.url}`, 'requests: [ { name: ok, path: /ok } ]', 'load:', ...load].join('\n'));
    return file;
  }

  it('--workers 2 with a collector that never answers: duration and rate are the 3 s load\'s, not the flush\'s', async () => {
    silent = await startSilentCollector();
    const file = scenario('silent-collector', ['  { model: open, rate: 400, duration: 3s }']);
    const out = path.join(dir, 'silent');
    // The default export timeout (10 s): the workers' flush outlasts the load by far.
    const res = await runCli(['run', file, '--workers', '2', '-q', '--out', out], {
      env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: silent.url }), timeoutMs: 80_000,
    });
    expect(res.code).toBe(0);
    expect(silent.connections).toBeGreaterThan(0);
    const { summary, rows } = readRun(out);
    const { durationS } = summary.run;
    expect(summary.totals.requests).toBe(1200);
    // Before: 10.8 s (the load, then the workers' telemetry shutdown) and 111 req/s.
    expect(Math.abs(durationS - 3)).toBeLessThan(0.5);
    const loadS = ((target.lastAt ?? Number.NaN) - Date.parse(summary.run.startedAt)) / 1000;
    expect(Math.abs(durationS - loadS)).toBeLessThan(0.5);
    expect(summary.totals.rps).toBeCloseTo(1200 / durationS, 1);
    expect(summary.totals.rps).toBeGreaterThan(1200 / 3.5);
    // No rows for the seconds of the flush; the last one ends with the load.
    expect(rows.length).toBeLessThanOrEqual(4);
    expect(rows.at(-1)?.elapsedS).toBeLessThanOrEqual(durationS + 0.1);
    expect(rows.reduce((n, r) => n + r.requests, 0)).toBe(1200);
  });

  // A load that ends half-way through a second: the ticker's rows stop at 1 s (or 2 s), so the
  // last half second is only in the row the runner writes at the end (it was lost with -q).
  it.each([
    ['open, one thread', ['  { model: open, rate: 40, duration: 2500ms }'], []],
    ['open, --workers 2', ['  { model: open, rate: 40, duration: 2500ms }'], ['--workers', '2']],
    ['stress preset', ['  model: open', '  preset: stress', '  stress: { start: 20, step: 20, max: 60, stepDuration: 500ms }'], []],
  ])('%s, -q: every request of the summary is in exactly one timeseries row, the partial last second included', async (name, load, extra) => {
    const file = scenario(name.replace(/\W+/g, '-'), load);
    const out = path.join(dir, name.replace(/\W+/g, '-'));
    const res = await runCli(['run', file, '-q', '--out', out, ...extra], { env: cleanEnv({ OTEL_SDK_DISABLED: 'true' }), timeoutMs: 40_000 });
    expect(res.code).toBe(0);
    const { summary, rows } = readRun(out);
    expect(summary.totals.requests).toBeGreaterThanOrEqual(60);
    expect(rows.every((r) => Number.isInteger(r.requests) && r.requests >= 0)).toBe(true);
    expect(rows.reduce((n, r) => n + r.requests, 0)).toBe(summary.totals.requests);
    // The last row is the partial one: it ends with the run, less than a second after the one before.
    const last = rows.at(-1);
    const before = rows.at(-2)?.elapsedS ?? 0;
    expect(Math.abs((last?.elapsedS ?? 0) - summary.run.durationS)).toBeLessThan(0.1);
    expect((last?.elapsedS ?? 0) - before).toBeLessThan(1);
    expect(last?.requests).toBeGreaterThan(0);
  });
});
