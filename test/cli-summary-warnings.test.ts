import type { Summary } from '../generator/src/results';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../generator/src/bench/free-port';
import { cleanEnv, runCli } from './helpers/cli';

jest.setTimeout(60_000);

/**
 * Issue 13.5 through the built CLI: a closed-model run in which every request failed and no
 * threshold was set. Exit 0 stays (the k6 contract, docs/results.md) but it is no longer silent;
 * the closed model prints no dropped_arrivals/schedule_lag (0 by construction); no response means
 * no time to first byte. And `timeout: 0s` is refused like any other invalid field.
 */
describe('scaletrace run: the summary says what the exit code does not', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-warn-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every request refused, no threshold: exit 0 with a WARNING in the console, summary.json and summary.md', async () => {
    const file = path.join(dir, 'refused.yaml');
    writeFileSync(file, [
      'name: refused', `target: http://127.0.0.1:${await freePort()}`, 'requests: [ { name: ok, path: / } ]',
      'load: { model: closed, vus: 2, iterations: 40 }',
    ].join('\n'));
    const out = path.join(dir, 'out');
    const res = await runCli(['run', file, '--out', out], { env: cleanEnv(), timeoutMs: 30_000 });
    expect(res.code).toBe(0);
    const warning = 'every request failed (40 of 40: ECONNREFUSED 40) and no threshold checks errors, so the exit code does not reflect them: ' +
      'add one such as "error_rate < 1%" to thresholds';
    const lines = res.stdout.split('\n');
    const first = lines.findIndex((l) => l === 'no thresholds defined');
    expect(lines[first + 1]).toBe(`WARNING: ${warning}`);
    expect(res.stdout).toMatch(/^ {4}http_req_ttfb \.+: n\/a \(no response arrived\)$/m);
    expect(res.stdout).not.toMatch(/dropped_arrivals|schedule_lag|µs.*ttfb|ttfb.*avg=/);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
    expect(summary.run.status).toBe('passed');
    expect(summary.warnings).toEqual([warning]);
    expect(summary.totals.ttfb).toBeNull();
    const md = readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(md).toContain(`> **Warning:** ${warning}`);
    expect(md).toContain('| time to first byte | n/a |');
    expect(md).not.toContain('schedule lag');
  });

  it('timeout: 0s is refused with exit 2, file:line:col and the field', async () => {
    const file = path.join(dir, 'zero-timeout.yaml');
    writeFileSync(file, 'name: z\ntarget: http://127.0.0.1:9\nrequests:\n  - { name: a, timeout: 0s }\nload: { model: open, rate: 1, duration: 1s }\n');
    const res = await runCli(['run', file, '--out', path.join(dir, 'z')], { env: cleanEnv(), timeoutMs: 20_000 });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(`scaletrace: ${file}:4:25: requests[0].timeout: must be > 0: every request needs a bound ` +
      '(there is no "no timeout"; for a very long one write e.g. 10m)\n');
  });
});
