import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Summary } from '../generator/src/results';
import { cleanEnv, runCli, spawnCli } from './helpers/cli';

/** Every live descendant of `pid` (Linux /proc), children before grandchildren. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // stat: "pid (comm) state ppid …"; comm may contain spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => { for (const [child, parent] of parentOf) if (parent === p) { out.push(child); walk(child); } };
  walk(pid);
  return out;
}

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`);

/** `npm run demo` (the README's first command) end to end: everything embedded, nothing left running. */
describe('scaletrace demo', () => {
  it('runs the spike against the demo target behind the Kubernetes API simulator, reports the scale-up and writes report.html', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-demo-test-'));
    try {
      const started = Date.now();
      const res = await runCli(['demo', '--out', dir], { env: cleanEnv(), timeoutMs: 150_000 });
      const tookS = (Date.now() - started) / 1000;
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/Kubernetes API simulator \(not a cluster\) at http:\/\/127\.0\.0\.1:\d+: deployment\/demo-target, hpa\/demo-target 1\.\.5 pods, target 50 % CPU, 2 s sync \(compressed from 15 s\), 8 s pod start/);
      expect(res.stdout).toContain('no OTLP endpoint configured');
      expect(res.stdout).toMatch(/SCALING\n\s+hpa\/demo-target → Deployment\/demo-target/);
      expect(res.stdout).toContain(`open the report: ${path.join(dir, 'report.html')}`);
      const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
      expect(summary.totals.requests).toBeGreaterThan(7500);
      expect(summary.run.durationS).toBeGreaterThan(80);
      expect(summary.scaling?.hpas[0]).toMatchObject({ minReplicas: 1, maxReplicas: 5 });
      // At least one scale-up with every lag measured; the 8 s pod start is most of it.
      const up = summary.scaling?.hpas[0]?.episodes.find((e) => e.direction === 'up' && e.complete);
      expect(up?.lagS).toEqual({ detection: expect.any(Number), actuation: expect.any(Number), total: expect.any(Number), recovery: up?.lagS.recovery ?? null });
      expect(up?.lagS.actuation).toBeGreaterThan(7.5);
      expect(Object.keys(summary.requests)).toEqual(['predict', 'health']);
      expect(summary.thresholds.map((t) => t.expr)).toContain('scaling_lag < 45s');
      expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).toContain('hpa/demo-target');
      expect(summary.failures?.kept).toBe(readFileSync(path.join(dir, 'failures.jsonl'), 'utf8').split('\n').filter(Boolean).length);
      // "within about two minutes including start-up", with room for a busy machine.
      expect(tookS).toBeLessThan(140);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 170_000);

  it('Ctrl-C mid-demo: exit 130, partial results and report, no process left behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-demo-sigint-'));
    const child = spawnCli(['demo', '--out', dir], cleanEnv());
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    try {
      // Wait for the first progress line: the run is under way (demo target, simulator and watcher up).
      let output = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (d: Buffer) => { output += d.toString(); if (/demo-spike {2}\d+s\//.test(output)) resolve(); });
        child.once('exit', () => reject(new Error(`demo ended before running:\n${output}`)));
      });
      const children = descendants(child.pid as number);
      expect(children.length).toBeGreaterThan(0); // the demo target
      child.kill('SIGINT');
      const res = await child.result;
      expect(res.code).toBe(130);
      const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
      expect(summary.run).toMatchObject({ status: 'interrupted', interrupted: true });
      expect(summary.run.durationS).toBeLessThan(60);
      expect(existsSync(path.join(dir, 'report.html'))).toBe(true);
      expect(res.stdout).toContain('open the report:');
      expect(children.filter(alive)).toEqual([]);
    } finally {
      clearTimeout(killer);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
