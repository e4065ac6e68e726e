import type { Summary } from '../generator/src/results';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli, spawnCli } from './helpers/cli';
import { startRecordingTarget, type RecordingTarget } from './helpers/recording-target';

/** Thresholds → 99, abortOnFail ends early, Ctrl-C → partial results and 130. */
describe('scaletrace run exit codes', () => {
  let dir: string;
  let target: RecordingTarget;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-exit-'));
    target = await startRecordingTarget();
  });
  afterAll(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function scenario(name: string, body: string): string {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, `name: ${name}\ntarget: ${target.url}\n${body}`);
    return file;
  }
  const readSummary = (out: string): Summary => JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));

  it('passing thresholds → exit 0', async () => {
    const file = scenario('pass', [
      'requests: [ { name: ok, path: /ok } ]',
      'load: { model: closed, vus: 2, iterations: 50 }',
      'thresholds: [ "error_rate < 1%", "p95 < 1s", "requests >= 50" ]',
    ].join('\n'));
    const out = path.join(dir, 'pass-out');
    const res = await runCli(['run', file, '--out', out]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const summary = readSummary(out);
    expect(summary.totals.requests).toBe(50);
    expect(summary.thresholds.every((t: { ok: boolean }) => t.ok)).toBe(true);
  });

  it('a failing threshold → exit 99 and the summary says which', async () => {
    const file = scenario('fail', [
      'requests: [ { name: ok, path: /ok }, { name: bad, path: /fail } ]',
      'load: { model: closed, vus: 2, iterations: 40 }',
      'thresholds: [ "error_rate < 1%", "ok: p95 < 5s" ]',
    ].join('\n'));
    const out = path.join(dir, 'fail-out');
    const res = await runCli(['run', file, '--out', out]);
    expect(res.code).toBe(99);
    const summary = readSummary(out);
    const byExpr = Object.fromEntries(summary.thresholds.map((t: { expr: string; ok: boolean }) => [t.expr, t.ok]));
    expect(byExpr).toEqual({ 'error_rate < 1%': false, 'ok: p95 < 5s': true });
    expect(res.stdout).toMatch(/✗.*error_rate < 1%/);
  });

  it('an abortOnFail threshold stops the run early with exit 99', async () => {
    const file = scenario('abort', [
      'requests: [ { name: bad, path: /fail } ]',
      'load: { model: open, rate: 20, duration: 30s }',
      'thresholds: [ { threshold: "error_rate < 10%", abortOnFail: true } ]',
    ].join('\n'));
    const out = path.join(dir, 'abort-out');
    const started = Date.now();
    const res = await runCli(['run', file, '--out', out]);
    expect(res.code).toBe(99);
    expect(Date.now() - started).toBeLessThan(15_000);
    const summary = readSummary(out);
    expect(summary.run.status).toBe('aborted');
    expect(summary.run.durationS).toBeLessThan(10);
  });

  it('SIGINT stops sending, writes partial results marked interrupted, exits 130', async () => {
    const file = scenario('interrupt', [
      'requests: [ { name: ok, path: /ok } ]',
      'load: { model: open, rate: 50, duration: 60s }',
    ].join('\n'));
    const out = path.join(dir, 'interrupt-out');
    const seenBefore = target.requests; // the target is shared with the tests above
    const child = spawnCli(['run', file, '--out', out]);
    let killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    // Interrupt once the run is really sending (CLI start-up alone can take seconds on a busy
    // machine, and a SIGINT before the handler is installed would just kill the process).
    const waitUntil = Date.now() + 20_000;
    while (target.requests - seenBefore < 25 && Date.now() < waitUntil) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(target.requests - seenBefore).toBeGreaterThanOrEqual(25);
    child.kill('SIGINT');
    clearTimeout(killer);
    killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const started = Date.now();
    const res = await child.result;
    clearTimeout(killer);
    expect(res.code).toBe(130);
    expect(Date.now() - started).toBeLessThan(10_000);
    const summary = readSummary(out);
    expect(summary.run.interrupted).toBe(true);
    expect(summary.run.status).toBe('interrupted');
    expect(summary.totals.requests).toBeGreaterThan(20);
    expect(summary.totals.requests).toBeLessThan(60 * 50);
    const sentAfter = target.requests;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(target.requests).toBe(sentAfter);
  });
});
