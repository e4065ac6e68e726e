import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeResults, type Summary } from '../results';
import { sampleSummary } from '../results/sample-summary';
import { compareMarkdown } from './compare-markdown';
import { comparePage } from './compare-page';
import { compareRuns } from './compare-runs';
import { parseFailRules } from './fail-rules';
import { loadRuns, runLabels } from './load-runs';

const EVIL = '<script>alert(1)</script>"\'&|`';

describe('compareRuns on results directories', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-compare-'));
    const slower: Summary = sampleSummary();
    slower.run.scenario = `scenario${EVIL}`;
    slower.totals.latency.p95 = slower.totals.latency.p95 * 2;
    slower.requests[`name${EVIL}`] = slower.requests.health as Summary['requests'][string];
    await writeResults(path.join(dir, 'main', 'run'), sampleSummary(), []);
    await writeResults(path.join(dir, 'pr', 'run'), slower, []);
    mkdirSync(path.join(dir, 'empty'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('labels runs by their directory, with parents where names clash', () => {
    expect(runLabels(['/a/x/run', '/a/y/run', '/b/other'])).toEqual(['x/run', 'y/run', 'other']);
    expect(runLabels(['/p/q/r', '/s/q/r'])).toEqual(['p/q/r', 's/q/r']);
  });

  it('figures, deltas against the baseline and a tripped rule, rendered escaped in md and html', async () => {
    const runs = await loadRuns([path.join(dir, 'pr', 'run')], path.join(dir, 'main', 'run'));
    const c = compareRuns(runs, parseFailRules(['p95 > +10%']), new Date(0));
    const base = sampleSummary().totals.latency.p95;
    expect(c.runs.map((r) => [r.label, r.baseline])).toEqual([['main/run', true], ['pr/run', false]]);
    expect(c.baseline).toBe('main/run');
    expect(c.requestNames).toEqual(['predict', 'health', `name${EVIL}`]);
    expect(c.runs[1]?.deltas?.totals.p95).toEqual({ abs: base, pct: 100 });
    expect(c.runs[1]?.deltas?.requests.predict?.p95).toEqual({ abs: 0, pct: 0 });
    expect(c.runs[0]?.deltas).toBeUndefined();
    expect(c.failed).toBe(true);
    expect(c.rules[0]?.checks).toEqual([{ run: 'pr/run', value: base * 2, baseline: base, limit: Math.round(base * 1.1 * 1e9) / 1e9, tripped: true, noData: false }]);

    const md = compareMarkdown(c);
    expect(md).toContain('# ScaleTrace comparison: 2 runs against main/run — FAILED');
    expect(md).toMatch(/\| ✗ \| `p95 > \+10%` \| pr\/run: p95 [\d.]+ms, limit [\d.]+ms \(baseline [\d.]+ms\) \|/);
    expect(md).toContain("### `name<script>alert(1)</script>\"'&\\|'`");

    const html = comparePage(c, runs.map((r) => r.rows));
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('scenario&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;|`');
    expect(html).toContain('<tr class="run baseline" data-run="main/run">');
    expect(html).toContain('<tr class="run" data-run="pr/run">');
    expect(html).toContain('<span class="delta worse">+100%</span>');
    expect(html).toContain("default-src 'none'");
  });

  it('refuses what is not two results directories, in one line', async () => {
    await expect(loadRuns([path.join(dir, 'nope')], path.join(dir, 'main', 'run'))).rejects.toThrow(`${path.join(dir, 'nope')}: no such directory`);
    await expect(loadRuns([path.join(dir, 'empty'), path.join(dir, 'main', 'run')])).rejects.toThrow(`${path.join(dir, 'empty', 'summary.json')}: not found (is this a results directory?)`);
    await expect(loadRuns([path.join(dir, 'main', 'run'), `${path.join(dir, 'main', 'run')}/`])).rejects.toThrow(`compare needs at least two results directories (got only ${path.join(dir, 'main', 'run')})`);
  });
});
