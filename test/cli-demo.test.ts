import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Summary } from '../generator/src/results';
import { cleanEnv, runCli } from './helpers/cli';

/** `npm run demo` (the README's first command) end to end: everything embedded, nothing left running. */
describe('scaletrace demo', () => {
  it('runs the spike against the demo target behind the Kubernetes API simulator and reports the scale-up', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-demo-test-'));
    try {
      const res = await runCli(['demo', '--out', dir], { env: cleanEnv(), timeoutMs: 120_000 });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/Kubernetes API simulator \(not a cluster\) at http:\/\/127\.0\.0\.1:\d+/);
      expect(res.stdout).toMatch(/SCALING\n\s+hpa\/demo-target → Deployment\/demo-target/);
      const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
      expect(summary.totals.requests).toBeGreaterThan(7500);
      const up = summary.scaling?.hpas[0]?.episodes.find((e) => e.direction === 'up' && e.t0Source === 'load-step');
      expect(up).toMatchObject({ complete: true });
      expect(up?.lagS.actuation).toBeGreaterThan(2.5); // the simulator's 3 s pod start
      expect(Object.keys(summary.requests)).toEqual(['predict', 'health']);
      expect(summary.thresholds.map((t) => t.expr)).toContain('scaling_lag < 30s');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
