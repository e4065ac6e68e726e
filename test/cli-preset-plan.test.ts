import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cleanEnv, runCli, spawnCli } from './helpers/cli';

jest.setTimeout(60_000);

/**
 * Issue 13.4: `--preset stress` with no `stress:` block ran 10 minutes of defaults with nothing on
 * the screen under -q. The plan a preset expands to goes to stderr before the run starts, always;
 * a plan longer than --max-duration (default 1h) is refused with exit 2 before anything runs.
 */
describe('scaletrace run --preset: the plan first, and --max-duration', () => {
  let dir: string;
  let server: http.Server;
  let targetUrl: string;
  let firstRequestAt: number | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-plan-'));
    server = http.createServer((req, res) => { firstRequestAt ??= Date.now(); req.resume(); res.end('ok'); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
    rmSync(dir, { recursive: true, force: true });
  });

  function scenario(name: string, load: string): string {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, [`name: ${name}`, `target: ${targetUrl}`, 'requests: [ { name: ok, path: / } ]', `load: ${load}`].join('\n'));
    return file;
  }

  it('--preset stress without a stress block, -q: prints the 10-minute default plan and refuses it past --max-duration 5m', async () => {
    const file = scenario('stress-defaults', '{ model: open, rate: 5, duration: 2s }');
    const out = path.join(dir, 'out-stress');
    const res = await runCli(['run', file, '--preset', 'stress', '-q', '--max-duration', '5m', '--out', out], { env: cleanEnv(), timeoutMs: 20_000 });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('scaletrace: plan of the stress preset:');
    expect(lines[1]).toBe('  preset: stress (10 phases, targets in req/s) — its defaults: no load.stress block');
    // Every stage with its duration and rate: the steps 1, 4 … 28 req/s for a minute each.
    expect(lines).toContain('    0: 1m       1 req/s');
    expect(lines).toContain('    18: 1m       28 req/s');
    expect(lines).toContain('  total: 10m, ~8700 requests, maxInFlight 1000, 19 stages');
    expect(lines[lines.length - 1]).toBe('scaletrace: the stress preset (its defaults: no load.stress block) runs 10m, longer than --max-duration 5m: ' +
      'run it with --max-duration 10m (or shorten the plan)');
    expect(existsSync(out)).toBe(false);
  });

  it('the default --max-duration is 1h: the 16 h daily preset is refused at once instead of running', async () => {
    const started = Date.now();
    const res = await runCli(['run', scenario('daily', '{ model: open, preset: daily }'), '-q'], { env: cleanEnv(), timeoutMs: 20_000 });
    expect(res.code).toBe(2);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(res.stderr).toContain('  total: 16h, ');
    expect(res.stderr.trimEnd().split('\n').pop()).toBe('scaletrace: the daily preset (its defaults: no load.daily block) runs 16h, ' +
      'longer than --max-duration 1h: run it with --max-duration 16h (or shorten the plan)');
  });

  it('a plan within the limit: printed on stderr under -q before the first request, then run', async () => {
    const file = scenario('spike', '{ model: open, preset: spike, spike: { baseline: 5, peak: 20, baselineDuration: 1s, spikeDuration: 1s, recoveryDuration: 1s } }');
    firstRequestAt = undefined;
    const child = spawnCli(['run', file, '--preset', 'spike', '-q', '--out', path.join(dir, 'out-spike')], cleanEnv());
    let planAt: number | undefined;
    child.stderr?.on('data', (d: Buffer) => { if (planAt === undefined && d.toString().includes('plan of the spike preset')) planAt = Date.now(); });
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const res = await child.result;
    clearTimeout(killer);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe([
      'scaletrace: plan of the spike preset:',
      '  preset: spike (3 phases, targets in req/s)',
      '    recovered: every second\'s p95 within 20% of the baseline\'s, error-free, for 5s',
      '    baseline             at 0ms      for 1s       5 req/s  stages 0',
      '    spike                at 1s       for 1s       20 req/s  stages 1–2',
      '    recovery             at 2s       for 1s       5 req/s  stages 3–4',
      '  stages:',
      '    0: 1s       5 req/s',
      '    1: 0ms      5 → 20 req/s',
      '    2: 1s       20 req/s',
      '    3: 0ms      20 → 5 req/s',
      '    4: 1s       5 req/s',
      '  total: 3s, ~30 requests, maxInFlight 1000, 5 stages', // 5 + 20 + 5 req/s for a second each
      '',
    ].join('\n'));
    expect(planAt).toBeDefined();
    expect(firstRequestAt).toBeDefined();
    expect(planAt!).toBeLessThanOrEqual(firstRequestAt!);
  });

  it('--max-duration must be a duration > 0', async () => {
    const res = await runCli(['run', scenario('zero', '{ model: open, rate: 1, duration: 1s }'), '--max-duration', '0'], { env: cleanEnv(), timeoutMs: 20_000 });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--max-duration "0": must be > 0');
  });
});
