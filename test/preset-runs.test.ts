import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawnDemoTarget, type DemoTargetProcess } from '../generator/src/demo-target';
import { runScenario } from '../generator/src/runner';
import { parseScenario } from '../generator/src/scenario';

jest.setTimeout(60_000);

/**
 * Short real runs of the spike and soak presets against the demo target (≈ 20 /predict/s: 10 ms of
 * CPU under a 200 m limit, 2 workers + 4 queued). The analyses themselves are unit-tested on
 * synthetic data (generator/src/results/presets); here: the pieces fit on real traffic.
 */
describe('spike and soak presets on real traffic', () => {
  let dir: string;
  let target: DemoTargetProcess;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-presets-'));
    target = await spawnDemoTarget(['--cpu-cost', '10ms', '--cpu-limit', '200m', '--concurrency', '2', '--queue', '4']);
  });
  afterAll(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scenario = (load: string): ReturnType<typeof parseScenario> => parseScenario([
    'name: preset-run',
    `target: ${target.url}`,
    'requests: [ { name: predict, method: POST, path: /predict, body: \'{"x": 1}\', timeout: 2s } ]',
    `load: ${load}`,
  ].join('\n'), path.join(dir, 's.yaml'));

  it('spike: a burst at 3× capacity sheds load the baseline did not; the phases are compared', async () => {
    const { summary } = await runScenario({
      scenario: scenario('{ model: open, preset: spike, spike: { baseline: 4, peak: 60, baselineDuration: 2s, spikeDuration: 2s, recoveryDuration: 4s, recoveryWindow: 1s, recoveryTolerance: 300% } }'),
      outDir: path.join(dir, 'spike'), quiet: true, env: {},
    });
    const r = summary.preset;
    expect(r?.phases.map((p) => p.name)).toEqual(['baseline', 'spike', 'recovery']);
    expect(r?.phases.every((p) => p.complete && p.requests > 0)).toBe(true);
    expect(r?.spike?.successRate.baseline).toBe(1);
    expect(r?.spike?.successRate.spike).toBeLessThan(0.9);
    expect(r?.spike?.spikeIncreasePct.p95).not.toBeNull();
    // Recovery is judged from the per-second rows: a number within the 4 s recovery phase, or null.
    const ttr = r?.spike?.timeToRecoverS;
    expect(ttr === null || (typeof ttr === 'number' && ttr >= 0 && ttr <= 4)).toBe(true);
  });

  it('soak: one row per interval, the generator\'s RSS sampled, a drift verdict from the complete intervals', async () => {
    const { summary } = await runScenario({
      scenario: scenario('{ model: open, preset: soak, soak: { target: 5, duration: 5s, interval: 1s, maxLatencyDrift: 10000% } }'),
      outDir: path.join(dir, 'soak'), quiet: true, env: {},
    });
    const soak = summary.preset?.soak;
    expect(soak?.intervalS).toBe(1);
    const complete = soak?.intervals.filter((i) => i.complete) ?? [];
    expect(complete.length).toBeGreaterThanOrEqual(4);
    expect(complete.reduce((n, i) => n + i.requests, 0)).toBe(summary.totals.requests);
    // Sampled once a tick (1 s), so a 1-s interval may miss a sample; a minute has ~60.
    const sampled = complete.filter((i) => i.rssMb !== null);
    expect(sampled.length).toBeGreaterThanOrEqual(3);
    expect(sampled.every((i) => (i.rssMb ?? 0) > 10)).toBe(true);
    expect(soak?.drift.points).toBeGreaterThanOrEqual(3);
    expect(soak?.drift.memory).not.toBeNull();
    // Within capacity with a loose latency bound: no errors, latency may wobble.
    expect(soak?.drift.errorRate?.ok).toBe(true);
    expect(soak?.drift.verdict).toMatch(/^(stable|drifting)$/);
  });
});
