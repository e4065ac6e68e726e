import type { Summary } from '../generator/src/results';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawnDemoTarget, type DemoTargetProcess } from '../generator/src/demo-target';
import { runCli } from './helpers/cli';

jest.setTimeout(60_000);

/**
 * The stress preset against the demo target with a known capacity: 10 ms of CPU per /predict under
 * a 200 m CPU limit is 20 /predict/s, with 2 workers + 4 queued before 503. Steps 4, 40, 76, 112/s:
 * the first holds (20 % of capacity), the second (200 %) sheds about half as 503s, so the run stops
 * there and the last two steps never run.
 */
describe('stress preset finds the breaking point of a target with known capacity', () => {
  let dir: string;
  let target: DemoTargetProcess;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-stress-'));
    target = await spawnDemoTarget(['--cpu-cost', '10ms', '--cpu-limit', '200m', '--concurrency', '2', '--queue', '4']);
  });
  afterAll(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // With worker threads the coordinator judges each step on what the workers reported (every 500 ms).
  it.each<[string, string[]]>([['in one thread', []], ['with --workers 2', ['--workers', '2']]])('stops at the first step beyond capacity and reports the curve, %s', async (_label, workers) => {
    const file = path.join(dir, `stress-${workers.length}.yaml`);
    writeFileSync(file, [
      'name: stress-known-capacity',
      `target: ${target.url}`,
      'requests: [ { name: predict, method: POST, path: /predict, body: \'{"x": 1}\', timeout: 2s } ]',
      'load:',
      '  model: open',
      '  preset: stress',
      '  stress: { start: 4, step: 36, max: 112, stepDuration: 3s, breakWhen: { successBelow: 90%, p95Above: 1s } }',
    ].join('\n'));
    const out = path.join(dir, `out-${workers.length}`);
    const started = Date.now();
    const res = await runCli(['run', file, '--out', out, ...workers], { timeoutMs: 45_000 });
    const elapsedMs = Date.now() - started;
    // Only the plan the preset expands to, printed before the run (4 steps of 3 s).
    expect(res.stderr).toMatch(/^scaletrace: plan of the stress preset:\n/);
    expect(res.stderr).toContain('\n  total: 12s, ');
    expect(res.stderr.split('\n').filter((l) => l.startsWith('scaletrace:'))).toHaveLength(1);
    expect(res.code).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
    const stress = summary.preset?.stress;
    expect(stress).toBeDefined();
    if (!stress) return;
    expect(stress.curve.map((s) => s.target)).toEqual([4, 40, 76, 112]);
    expect(stress.lastGood?.step).toBe(1);
    expect(stress.breaking?.step).toBe(2);
    expect(stress.breaking?.reasons.join(' ')).toMatch(/success/);
    expect(stress.stoppedEarly).toBe(true);
    // Step 3 runs while step 2's stragglers settle (about a second), then the run stops.
    expect(stress.curve.map((s) => s.verdict)).toEqual(['good', 'breaking', expect.stringMatching(/^(after break|not run)$/), 'not run']);
    expect(stress.curve[3]?.requests).toBe(0);
    expect(stress.curve[0]?.successRate).toBe(1);
    // Stopped during step 3 (a settle second after step 2): far short of the planned 12 s.
    expect(summary.run.durationS).toBeLessThan(10);
    expect(elapsedMs).toBeLessThan(40_000);
    expect(summary.run.status).toBe('passed');
    // The same verdict in the console and summary.md.
    expect(res.stdout).toMatch(/PRESET\s+stress · breaking point at step 2 \(40\/s\): success [\d.]+% < 90%; last good step 1 \(4\/s\); stopped there/);
    const md = readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(md).toMatch(/## Preset: stress/);
    expect(md).toMatch(/\| 2 \| 40\/s \| [\d.]+ \| [\d.]+% \| .* \| breaking \(success/);
  });
});
