import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Comparison } from '../generator/src/compare';
import { spawnDemoTarget, type DemoTargetProcess } from '../generator/src/demo-target';
import type { Summary } from '../generator/src/results';
import { cleanEnv, REPO_ROOT, runCli } from './helpers/cli';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'compare');

/** The uPlot surface the probe reads, as compare.html exposes it on window.scaletraceCompare. */
interface UPlotProbe {
  data: (number | null)[][];
  series: Array<{ label: string; stroke: (u: unknown, i: number) => string }>;
  ctx: { canvas: { width: number; height: number }; getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}
interface ChartProbe { id: string; labels: string[]; points: number; seriesPixels: number[] }
// Browser globals used inside page.evaluate callbacks (the project's TypeScript lib has no DOM).
declare const window: { scaletraceCompare?: { charts: Array<{ id: string; uplot: UPlotProbe }> } };

/**
 * `scaletrace compare` on real runs against two demo targets (one answering 150 ms slower):
 * a stress preset against each, a spike preset, and a run of two shards merged by
 * `scaletrace merge`. A relative rule must trip (exit 99), loose ones must not (exit 0), bad input
 * exits 2 in one line; compare.html is opened in headless Chromium.
 */
describe('scaletrace compare on real runs (demo targets, stress + spike presets, merged shards)', () => {
  let dir: string;
  let fast: DemoTargetProcess;
  let slow: DemoTargetProcess;
  let browser: Browser;
  const runDir = (name: string): string => path.join(dir, 'runs', name);
  const read = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-compare-'));
    [fast, slow, browser] = await Promise.all([
      spawnDemoTarget(['--cpu-cost', '2ms', '--concurrency', '8']),
      // Non-CPU latency after the work: the same capacity, every /predict 150 ms slower.
      spawnDemoTarget(['--cpu-cost', '2ms', '--concurrency', '8', '--latency', '150ms']),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
    const scenario = (name: string, url: string, load: string[]): string => {
      const file = path.join(dir, `${name}.yaml`);
      writeFileSync(file, [
        `name: ${name}`,
        `target: ${url}`,
        'requests:',
        '  - { name: predict, method: POST, path: /predict, body: \'{"x": 1}\', weight: 3, timeout: 2s }',
        '  - { name: health, method: GET, path: /health, weight: 1 }',
        'load:', ...load.map((l) => `  ${l}`),
      ].join('\n'));
      return file;
    };
    // Breaking bounds no step reaches here: each stress run runs all three 1-s steps.
    const stress = ['model: open', 'preset: stress', 'stress: { start: 10, step: 10, max: 30, stepDuration: 1s, breakWhen: { successBelow: 10% } }'];
    const runs = await Promise.all([
      runCli(['run', scenario('stress-fast', fast.url, stress), '--out', runDir('main'), '--quiet'], { timeoutMs: 40_000 }),
      runCli(['run', scenario('stress-slow', slow.url, stress), '--out', runDir('pr'), '--quiet'], { timeoutMs: 40_000 }),
      runCli(['run', scenario('spike', fast.url, ['model: open', 'preset: spike', 'spike: { baseline: 5, peak: 30, baselineDuration: 1s, spikeDuration: 1s, recoveryDuration: 2s, recoveryWindow: 1s }']),
        '--out', runDir('spike'), '--quiet'], { timeoutMs: 40_000 }),
    ]);
    // A preset run announces its plan on stderr; the stderr of a failed run is shown.
    expect(runs.map((r) => (r.code === 0 ? 0 : `${r.code}: ${r.stderr}`))).toEqual([0, 0, 0]);
    // Two shards of one run with a shared start, merged.
    const sharded = scenario('sharded', fast.url, ['model: open', 'startRate: 20', 'stages: [{ duration: 2s, rate: 20 }]']);
    const shardEnv = cleanEnv({ SCALETRACE_START_AT: new Date(Date.now() + 3000).toISOString(), SCALETRACE_RUN_ID: 'compare-shards-1' });
    const shards = await Promise.all([0, 1].map((i) => runCli(['run', sharded, '--shard', `${i}/2`, '--out', path.join(dir, 'shards', `s${i}`), '--quiet'], { env: shardEnv, timeoutMs: 40_000 })));
    expect(shards.map((r) => (r.code === 0 ? 0 : `${r.code}: ${r.stderr}`))).toEqual([0, 0]);
    const merged = await runCli(['merge', path.join(dir, 'shards'), '--out', runDir('merged'), '--quiet'], { timeoutMs: 20_000 });
    expect(merged.code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([fast?.close(), slow?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a relative rule trips (exit 99) on the slower run only; loose rules hold (exit 0); bad input exits 2', async () => {
    const out = path.join(dir, 'compare');
    const res = await runCli(['compare', runDir('pr'), runDir('spike'), runDir('merged'), '--baseline', runDir('main'), '--out', out,
      '--fail-on', 'p50 > +50%', '--fail-on', 'error_rate > 50%, p99{name=predict} > 30s'], { timeoutMs: 30_000 });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(99);
    const c = read<Comparison>(path.join(out, 'compare.json'));
    const summary = (name: string): Summary => read<Summary>(path.join(runDir(name), 'summary.json'));
    const [main, pr, merged] = [summary('main'), summary('pr'), summary('merged')];

    expect(c.baseline).toBe('main');
    expect(c.runs.map((r) => [r.label, r.id, r.baseline])).toEqual([
      ['main', main.run.id, true], ['pr', pr.run.id, false], ['spike', summary('spike').run.id, false], ['merged', 'compare-shards-1', false],
    ]);
    // The merged run is the shards' union.
    const shardRequests = [0, 1].map((i) => read<Summary>(path.join(dir, 'shards', `s${i}`, 'summary.json')).totals.requests);
    expect(c.runs[3]?.totals.requests).toBe(merged.totals.requests);
    expect(merged.totals.requests).toBe(shardRequests[0]! + shardRequests[1]!);
    // Every /predict of `pr` took ≥ 150 ms more: its p50 is far beyond 1.5 × the baseline's.
    const [p50, loose, predictP99] = c.rules;
    expect(p50?.checks.find((ch) => ch.run === 'pr')).toEqual({
      run: 'pr', value: pr.totals.latency.p50, baseline: main.totals.latency.p50, limit: Math.round(main.totals.latency.p50 * 1.5 * 1e9) / 1e9, tripped: true, noData: false,
    });
    expect(pr.totals.latency.p50).toBeGreaterThan(150);
    expect([p50?.tripped, loose?.tripped, predictP99?.tripped, c.failed]).toEqual([true, false, false, true]);
    expect(c.runs[1]?.deltas?.totals.p50.abs).toBeCloseTo(pr.totals.latency.p50 - main.totals.latency.p50, 6);
    expect(c.runs.map((r) => r.preset?.name ?? null)).toEqual(['stress', 'stress', 'spike', null]);
    expect(c.runs[0]?.preset?.stress?.curve.map((s) => s.target)).toEqual([10, 20, 30]);
    expect(res.stdout).toMatch(/^compared 4 runs against baseline main\n✗ p50 > \+50%\n {4}pr: p50 [\d.]+ms, limit [\d.]+(?:ms|µs|s) \(baseline [\d.]+(?:ms|µs|s)\)/);
    const md = readFileSync(path.join(out, 'compare.md'), 'utf8');
    expect(md).toContain('# ScaleTrace comparison: 4 runs against main — FAILED');
    for (const heading of ['## Runs', '### `predict`', '### `health`', '## Stress', '## Spike phases']) expect(md).toContain(heading);

    // Rules that cannot trip: exit 0. Without --baseline the first directory is the baseline.
    const pass = await runCli(['compare', runDir('main'), runDir('pr'), runDir('merged'), '--out', path.join(dir, 'compare-pass'), '--fail-on', 'p50 > +100000%, error_rate > 50%', '-q'], { timeoutMs: 30_000 });
    expect([pass.code, pass.stderr]).toEqual([0, '']);
    expect(pass.stdout).toContain('✓ p50 > +100000%\n✓ error_rate > 50%\n');

    // Invalid input: exit 2, one line naming what is wrong.
    const missing = path.join(dir, 'runs', 'nope');
    const bad = await Promise.all([
      runCli(['compare', runDir('main'), missing, '--out', path.join(dir, 'x')]),
      runCli(['compare', runDir('main'), path.join(dir, 'shards'), '--out', path.join(dir, 'x')]),
      runCli(['compare', runDir('main'), runDir('pr'), '--fail-on', 'p95 >> +10%', '--out', path.join(dir, 'x')]),
      runCli(['compare', runDir('main'), runDir('pr'), '--fail-on', 'p95{name=chekout} > +10%', '--out', path.join(dir, 'x')]),
    ]);
    expect(bad.map((r) => [r.code, r.stdout, r.stderr])).toEqual([
      [2, '', `scaletrace: ${missing}: no such directory\n`],
      [2, '', `scaletrace: ${path.join(dir, 'shards', 'summary.json')}: not found (is this a results directory?)\n`],
      [2, '', 'scaletrace: --fail-on "p95 >> +10%": cannot read the value "> +10%" (e.g. "p95 > +10%", "error_rate > 1%", "p99{name=checkout} > 800ms")\n'],
      [2, '', 'scaletrace: --fail-on "p95{name=chekout} > +10%": no request named "chekout" in these runs (known: predict, health)\n'],
    ]);
  }, 60_000);

  it('compare.html shows each run, draws every chart, makes no request', async () => {
    const file = path.join(dir, 'compare', 'compare.html');
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, colorScheme: 'light' });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    try {
      await page.goto(`file://${file}`);
      await page.waitForFunction(() => window.scaletraceCompare?.charts.length === 4);
      expect(problems).toEqual([]);
      expect(requests).toEqual([`file://${file}`]);
      const labels = ['main', 'pr', 'spike', 'merged'];
      expect(await page.$$eval('table.runs tr.run', (trs) => trs.map((tr) => tr.getAttribute('data-run')))).toEqual(labels);
      expect(await page.locator('.status').innerText()).toBe('FAILED');

      const charts = await page.evaluate(() => {
        const rgb = (css: string): number[] => { const h = css.trim().replace('#', ''); return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)); };
        return (window.scaletraceCompare?.charts ?? []).map(({ id, uplot: u }): ChartProbe => {
          const { width, height } = u.ctx.canvas;
          const img = u.ctx.getImageData(0, 0, width, height).data;
          // Pixels painted in each run's own colour (give or take antialiasing): its line or points were really drawn.
          const seriesPixels = u.series.slice(1).map((s, i) => {
            const [r = 0, g = 0, b = 0] = rgb(s.stroke(u, i + 1));
            let n = 0;
            for (let p = 0; p < img.length; p += 4) {
              if (img[p + 3] === 255 && Math.abs((img[p] ?? 0) - r) + Math.abs((img[p + 1] ?? 0) - g) + Math.abs((img[p + 2] ?? 0) - b) <= 24) n++;
            }
            return n;
          });
          const points = u.data.slice(1).reduce((n, ys) => n + ys.filter((v) => v !== null && v > 0).length, 0);
          return { id, labels: u.series.slice(1).map((s) => s.label), points, seriesPixels };
        });
      });
      expect(charts.map((c) => [c.id, c.labels])).toEqual([
        ['p95', ['main (baseline)', 'pr', 'spike', 'merged']],
        ['rps', ['main (baseline)', 'pr', 'spike', 'merged']],
        ['stress', ['main (baseline)', 'pr']],
        ['spike', ['spike']],
      ]);
      for (const c of charts) expect({ id: c.id, hasPoints: c.points > 0, drawn: Math.max(...c.seriesPixels) > 50 }).toEqual({ id: c.id, hasPoints: true, drawn: true });
      // Each run is drawn somewhere (lines of equal runs may cover each other in one chart, not in all).
      const byRun = labels.map((label) => charts.reduce((n, c) => n + c.labels.reduce((m, l, i) => m + (l.startsWith(label) ? c.seriesPixels[i] ?? 0 : 0), 0), 0));
      expect(labels.map((l, i) => [l, (byRun[i] ?? 0) > 20])).toEqual(labels.map((l) => [l, true]));

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'compare-light.png'), fullPage: true });
    } finally {
      await page.close();
    }
  }, 60_000);
});
