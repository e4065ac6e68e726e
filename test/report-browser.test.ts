import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FailureLine, Summary } from '../generator/src/results';
import { startDemoCluster, type DemoCluster } from '../generator/src/demo-cluster';
import { spawnDemoTarget, type DemoTargetProcess } from '../generator/src/demo-target';
import { cleanEnv, REPO_ROOT, runCli } from './helpers/cli';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';
import { kubernetesSection } from './helpers/kubernetes-section';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'report');
/** Compressed cluster time for tests: 1 s HPA sync and metrics, 2 s pod start. */
const FAST = { syncPeriodMs: 1000, metricsResolutionMs: 1000, podStartDelayMs: 2000, podStopDelayMs: 200 };

/** What the page tells about its charts (evaluated in the browser). */
interface ChartProbe {
  id: string;
  points: number;
  seriesPixels: number[];
  /** The x axis' tick labels and, for time charts, whether they are the run's time axis. */
  xTicks: string[];
  time: boolean;
  /** Left axis: label, tick labels and tick values. */
  yLabel: string;
  yTicks: string[];
  ySplits: number[];
  /** Per series: label, scale and whether it is dashed. */
  series: Array<{ label: string; scale: string; dashed: boolean }>;
  axes: Array<{ label: string; scale: string }>;
  marks: { breaking?: { step: number; served: number; color: string } };
}

/** The uPlot surface the probes read, as the report exposes it on window.scaletraceReport. */
interface UPlotProbe {
  data: ((number | null)[] | null | (number | null)[][])[];
  mode: number;
  series: Array<{ label?: string; scale?: string; dash?: number[]; stroke: (u: unknown, i: number) => string }>;
  axes: Array<{ label?: string; scale?: string; _values?: string[]; _splits?: number[] }>;
  scales: Record<string, { min?: number; max?: number }>;
  bbox: { top: number; height: number };
  ctx: { canvas: { width: number; height: number }; getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
  cursor: { left?: number };
  posToVal(pos: number, scale: string): number;
  valToPos(val: number, scale: string, canvasPixels?: boolean): number;
}
interface ChartEntry { id: string; uplot: UPlotProbe; marks: ChartProbe['marks'] }
// Browser globals used inside page.evaluate callbacks (the project's TypeScript lib has no DOM).
declare const window: { scaletraceReport?: { charts: ChartEntry[] } };
declare const document: { documentElement: unknown; querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
declare function getComputedStyle(element: unknown): { getPropertyValue(name: string): string };

async function openReport(browser: Browser, dir: string, charts: number, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`file://${path.join(dir, 'report.html')}`);
  await page.waitForFunction((n) => window.scaletraceReport?.charts.length === n, charts);
  return { page, problems, requests };
}

/** Every chart's drawn pixels per series, axes, ticks and marks. */
async function probeCharts(page: Page): Promise<ChartProbe[]> {
  return page.evaluate(() => {
    const rgb = (css: string): number[] => { const h = css.trim().replace('#', ''); return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)); };
    return (window.scaletraceReport?.charts ?? []).map(({ id, uplot: u, marks }): ChartProbe => {
      // mode 2 (x,y pairs per series): data[i] = [xs, ys]; mode 1: data[i] = ys.
      const ys = u.data.slice(1).map((d) => (u.mode === 2 ? (d as (number | null)[][])[1] ?? [] : (d as (number | null)[])));
      const points = ys.reduce((n, y) => n + y.filter((v) => v !== null && v > 0).length, 0);
      const { width, height } = u.ctx.canvas;
      const img = u.ctx.getImageData(0, 0, width, height).data;
      // Pixels painted in each series' own colour: the lines and bars were really drawn.
      const seriesPixels = u.series.slice(1).map((s, i) => {
        const [r, g, b] = rgb(s.stroke(u, i + 1));
        let n = 0;
        for (let p = 0; p < img.length; p += 4) if (img[p] === r && img[p + 1] === g && img[p + 2] === b && img[p + 3] === 255) n++;
        return n;
      });
      const x = u.axes[0];
      const y = u.axes[1];
      return {
        id, points, seriesPixels, marks,
        xTicks: x?._values ?? [], time: (x?._values ?? []).every((v) => /^\d+:\d\d$/.test(v)),
        yLabel: y?.label ?? '', yTicks: y?._values ?? [], ySplits: y?._splits ?? [],
        series: u.series.slice(1).map((s) => ({ label: s.label ?? '', scale: s.scale ?? 'y', dashed: Array.isArray(s.dash) && s.dash.length > 0 })),
        axes: u.axes.map((a) => ({ label: a.label ?? '', scale: a.scale ?? '' })),
      };
    });
  });
}

/** The chart-defect checks every report must pass (issue 14 item 2); `empty`: charts with nothing to draw (no failure). */
function expectSoundCharts(charts: ChartProbe[], timeIds: string[], empty: string[] = []): void {
  for (const c of charts.filter((ch) => !empty.includes(ch.id))) {
    expect({ id: c.id, hasPoints: c.points > 0, drawn: Math.max(...c.seriesPixels) > 50 }).toEqual({ id: c.id, hasPoints: true, drawn: true });
  }
  for (const c of charts.filter((ch) => timeIds.includes(ch.id))) {
    // Whole-second ticks, each label once ("0:00 0:00 0:01" was a 0.5 s increment rounded).
    expect({ id: c.id, time: c.time, repeated: c.xTicks.filter((t, i) => c.xTicks.indexOf(t) !== i) }).toEqual({ id: c.id, time: true, repeated: [] });
  }
  const latency = charts.find((c) => c.id === 'latency');
  if (latency) {
    // The label's unit is the ticks' unit: "ms" with ms values, "s" with seconds (never "ms" over "1s").
    expect(['ms', 's']).toContain(latency.yLabel);
    const scale = latency.yLabel === 's' ? 1000 : 1;
    latency.yTicks.forEach((t, i) => expect({ tick: t, value: Number(t) * scale }).toEqual({ tick: t, value: expect.closeTo(latency.ySplits[i] ?? NaN, 3) }));
    expect(latency.series.map((s) => [s.label, s.dashed])).toEqual([['p50', false], ['p95', false], ['p99', true]]);
  }
}

async function screenshot(page: Page, selector: string, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const target = page.locator(selector);
  await target.scrollIntoViewIfNeeded();
  await target.screenshot({ path: path.join(ARTIFACTS, name) });
}

/**
 * report.html from a real demo-style run (a spike against the demo target behind the Kubernetes
 * API simulator, short timings; OTLP to the receiver fixture standing in for a collector), opened
 * in headless Chromium: charts drawn, no network, failures match exported spans, one cursor.
 */
describe('report.html in a real browser (Chromium, demo-style run against the API simulator)', () => {
  let dir: string;
  let cluster: DemoCluster;
  let receiver: OtlpReceiver;
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-report-browser-'));
    [cluster, receiver, browser] = await Promise.all([
      startDemoCluster({ dir, env: cleanEnv(), timing: FAST }),
      startOtlpReceiver(),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
    const file = path.join(dir, 'spike.yaml');
    writeFileSync(file, [
      'name: report-spike',
      `target: ${cluster.targetUrl}`,
      `podHeader: ${cluster.podHeader}`,
      'requests:',
      '  - { name: predict, method: POST, path: /predict, body: \'{"x": ${iteration}}\', weight: 9, timeout: 2s }',
      '  - { name: health, method: GET, path: /health, weight: 1 }',
      'load:',
      '  model: open',
      '  startRate: 10',
      '  stages:',
      '    - { duration: 2s, rate: 10 }',
      '    - { duration: 1s, rate: 250 }',
      '    - { duration: 9s, rate: 250 }',
      '    - { duration: 1s, rate: 10 }',
      '    - { duration: 2s, rate: 10 }',
      '  maxInFlight: 300',
      ...kubernetesSection(cluster, { metricsPoll: '1s' }),
      'thresholds:',
      '  - "p95 < 250ms"',
      '  - "scaling_lag < 30s"',
    ].join('\n'));
    out = path.join(dir, 'out');
    const res = await runCli(['run', file, '--out', out, '--quiet'], {
      env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, SCALETRACE_GRAFANA_URL: 'http://127.0.0.1:3000/grafana' }), timeoutMs: 60_000,
    });
    expect(res.stderr).toBe('');
    expect([0, 99]).toContain(res.code);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws every chart with data, makes no request, and its failures are the exported spans', async () => {
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
    const up = summary.scaling?.hpas[0]?.episodes.find((e) => e.direction === 'up');
    expect(up?.lagS.total).toEqual(expect.any(Number));
    expect(summary.totals.failed).toBeGreaterThan(0);
    const report = path.join(out, 'report.html');
    const { page, problems, requests } = await openReport(browser, out, 4);
    try {
      expect(problems).toEqual([]);
      expect(requests).toEqual([`file://${report}`]);

      const charts = await probeCharts(page);
      expect(charts.map((c) => c.id)).toEqual(['load', 'latency', 'errors', 'replicas-0']);
      expectSoundCharts(charts, ['load', 'latency', 'errors', 'replicas-0']);

      // Failed requests: every row's trace id is an exported CLIENT span that failed the same way.
      const rows = await page.$$eval('tr.failure', (trs) => trs.map((tr) => ({ traceId: tr.getAttribute('data-trace-id') ?? '', errorType: tr.getAttribute('data-error-type') ?? '', href: tr.querySelector('a.trace-id')?.getAttribute('href') ?? '', at: tr.querySelector('td:nth-child(2)')?.textContent ?? '' })));
      const failures = readFileSync(path.join(out, 'failures.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FailureLine);
      expect(rows.length).toBe(failures.length);
      expect(rows.length).toBeGreaterThan(0);
      const spans = new Map(receiver.spans().filter((s) => s.kind === 3).map((s) => [s.traceId, s]));
      for (const row of rows) {
        const span = spans.get(row.traceId);
        expect({ trace: row.traceId, status: span?.status.code, errorType: span?.attributes['error.type'] }).toEqual({ trace: row.traceId, status: 2, errorType: row.errorType });
        expect(row.href.startsWith('http://127.0.0.1:3000/grafana/explore?')).toBe(true);
      }
      // The table's time is the failure's (sent + duration), the time the Errors chart counts it at:
      // each row's second has a failure of its type in the chart's data (within one tick of slack).
      const errorData = await page.evaluate(() => {
        const d = (window.scaletraceReport as unknown as { data: { x: number[]; errorTypes: string[]; errors: number[][] } }).data;
        return { x: d.x, types: d.errorTypes, errors: d.errors };
      });
      for (const row of rows) {
        const t = Number(/^\+([\d.]+) s$/.exec(row.at)?.[1]);
        const k = errorData.x.findIndex((end) => end >= t - 0.005);
        const series = errorData.errors[errorData.types.indexOf(row.errorType)] ?? [];
        const near = [k - 1, k, k + 1].some((i) => (series[i] ?? 0) > 0);
        expect({ trace: row.traceId, at: t, countedThen: near }).toEqual({ trace: row.traceId, at: t, countedThen: true });
      }
      // Span details inline: the exported span's attributes, serving pod included.
      const served = page.locator('tr.failure').filter({ has: page.locator('td:nth-child(7) code') }).first();
      await served.locator('button.expand').click();
      const details = await page.locator('tr.span-details:not([hidden])').innerText();
      for (const attribute of ['loadtest.target.pod', 'error.type', 'http.response.status_code', 'url.full', 'loadtest.run.id']) expect(details).toContain(attribute);

      // One cursor: hovering the load chart moves every chart's cursor to the same moment, and
      // every legend (the replicas chart's too) names the same second.
      const over = page.locator('#chart-load .u-over');
      await over.scrollIntoViewIfNeeded();
      const box = await over.boundingBox();
      if (box === null) throw new Error('load chart not laid out');
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
      const cursors = await page.evaluate(() => {
        return (window.scaletraceReport?.charts ?? []).map(({ id, uplot: u }) => ({
          id, atS: u.posToVal(u.cursor.left ?? -10, 'x'),
          legend: Array.from(document.querySelectorAll(`#chart-${id} .u-legend .u-value`)).map((e) => e.textContent ?? ''),
        }));
      });
      const expected = summary.run.durationS * 0.4;
      for (const c of cursors) {
        expect({ id: c.id, near: Math.abs(c.atS - expected) < 1 }).toEqual({ id: c.id, near: true });
        expect(c.legend[0]).toMatch(/^\+\d+:\d\d$/);
      }
      expect(cursors.map((c) => `${c.id} ${c.legend[0]}`)).toEqual(cursors.map((c) => `${c.id} ${cursors[0]?.legend[0]}`));

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-light.png'), fullPage: true });
      await screenshot(page, '#timeline', 'report-timeline.png');
    } finally {
      await page.close();
    }
    const dark = await openReport(browser, out, 4, 'dark');
    try {
      expect(dark.problems).toEqual([]);
      const bg = await dark.page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
      expect(bg).toBe('#0d1117');
      await dark.page.screenshot({ path: path.join(ARTIFACTS, 'report-dark.png'), fullPage: true });
      await screenshot(dark.page, '#chart-latency', 'report-latency-dark.png');
    } finally {
      await dark.page.close();
    }
    expect(statSync(report).size).toBeLessThan(2_000_000);
  }, 60_000);

  it('a last bucket of a few milliseconds (the final tick right after a regular one) does not shrink the error bars', async () => {
    // uPlot sizes bars by the closest two x values; the run's real last bucket is often this short.
    const short = path.join(dir, 'short');
    cpSync(out, short, { recursive: true });
    const csv = readFileSync(path.join(short, 'timeseries.csv'), 'utf8').trimEnd().split('\n');
    const last = (csv[csv.length - 1] ?? '').split(',');
    last[1] = String(Number(last[1]) + 0.004);
    writeFileSync(path.join(short, 'timeseries.csv'), `${[...csv, last.join(',')].join('\n')}\n`);
    const res = await runCli(['report', short], { env: cleanEnv(), timeoutMs: 30_000 });
    expect(res.code).toBe(0);
    const { page, problems } = await openReport(browser, short, 4);
    try {
      expect(problems).toEqual([]);
      const errors = (await probeCharts(page)).find((c) => c.id === 'errors');
      // Each failing second's bar is most of a second wide: thousands of pixels, not a hairline.
      expect(Math.max(...(errors?.seriesPixels ?? [0]))).toBeGreaterThan(2000);
    } finally {
      await page.close();
    }
  }, 60_000);
});

/**
 * The preset sections (issue 14): a stress run against the demo target behind the API simulator
 * (HPA capped at 2 pods, so it breaks), and a spike, a soak and an inference run against a plain
 * `scaletrace demo-target` (~20 /predict/s: 10 ms of CPU under a 200 m limit, 2 workers + 4 queued).
 */
describe('report.html preset and inference sections in a real browser', () => {
  let dir: string;
  let cluster: DemoCluster;
  let target: DemoTargetProcess;
  let browser: Browser;
  const out = (name: string): string => path.join(dir, name);

  async function run(name: string, lines: string[]): Promise<Summary> {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, [`name: report-${name}`, ...lines].join('\n'));
    const res = await runCli(['run', file, '--out', out(name), '--quiet'], { env: cleanEnv(), timeoutMs: 45_000 });
    expect({ name, code: res.code, stderr: res.stderr.split('\n').filter((l) => l.startsWith('scaletrace:') && !l.includes('plan of the')) }).toEqual({ name, code: 0, stderr: [] });
    return JSON.parse(readFileSync(path.join(out(name), 'summary.json'), 'utf8')) as Summary;
  }

  let stress: Summary;
  let spike: Summary;
  let soak: Summary;
  let inference: Summary;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-report-presets-'));
    [cluster, target, browser] = await Promise.all([
      startDemoCluster({ dir, env: cleanEnv(), timing: FAST, maxReplicas: 2 }),
      spawnDemoTarget(['--cpu-cost', '10ms', '--cpu-limit', '200m', '--concurrency', '2', '--queue', '4'], cleanEnv()),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
    const predict = (url: string): string[] => [`target: ${url}`, 'requests: [ { name: predict, method: POST, path: /predict, body: \'{"x": 1}\', timeout: 2s } ]'];
    // One run at a time: they share two cores with the target processes.
    stress = await run('stress', [...predict(cluster.targetUrl),
      'load: { model: open, preset: stress, stress: { start: 20, step: 130, max: 280, stepDuration: 3s, breakWhen: { successBelow: 95%, p95Above: 300ms }, stopAtBreak: false } }',
      ...kubernetesSection(cluster, { metricsPoll: '1s' })]);
    spike = await run('spike', [...predict(target.url),
      'load: { model: open, preset: spike, spike: { baseline: 4, peak: 60, baselineDuration: 2s, spikeDuration: 2s, recoveryDuration: 4s, recoveryWindow: 1s, recoveryTolerance: 300% } }']);
    soak = await run('soak', [...predict(target.url), 'load: { model: open, preset: soak, soak: { target: 5, duration: 5s, interval: 1s, warmup: 1s } }']);
    inference = await run('inference', [`target: ${target.url}`, 'requests:',
      '  - { name: stream, method: POST, path: /generate, body: { max_tokens: 12, stream: true, token_ms: 25 }, extract: { tokens: $.usage.completion_tokens } }',
      '  - { name: complete, method: POST, path: /generate, body: { max_tokens: 40, token_ms: 1 }, extract: { tokens: $.usage.completion_tokens } }',
      'load: { model: closed, startVus: 1, stages: [ { duration: 2s, vus: 3 }, { duration: 3s, vus: 3 } ] }']);
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await target?.close();
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stress: the breaking point marker sits at the step the summary names, with ready pods per step', async () => {
    const s = stress.preset?.stress;
    const breaking = s?.breaking;
    if (!s || !breaking) throw new Error(`no breaking point: ${JSON.stringify(s?.curve.map((c) => [c.step, c.successRate, c.p95]))}`);
    const { page, problems } = await openReport(browser, out('stress'), 6);
    try {
      expect(problems).toEqual([]);
      const charts = await probeCharts(page);
      expect(charts.map((c) => c.id)).toEqual(['load', 'latency', 'errors', 'replicas-0', 'stress', 'stress-rate']);
      expectSoundCharts(charts, ['load', 'latency', 'errors', 'replicas-0']);
      const curve = charts.find((c) => c.id === 'stress');
      expect(curve?.marks.breaking).toEqual({ step: breaking.step, served: breaking.servedRps, color: '--c-break' });
      // The marker is drawn where the summary's breaking step is: a vertical line in its colour
      // over most of the plot at that step's served rate.
      const column = await page.evaluate((served) => {
        const u = window.scaletraceReport?.charts.find((c) => c.id === 'stress')?.uplot;
        if (!u) return { painted: 0, height: 1 };
        const hex = getComputedStyle(document.documentElement).getPropertyValue('--c-break').trim().replace('#', '');
        const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
        const x = Math.round(u.valToPos(served, 'x', true));
        let painted = 0;
        for (let y = Math.round(u.bbox.top); y < u.bbox.top + u.bbox.height; y++) {
          const px = u.ctx.getImageData(x - 1, y, 3, 1).data;
          for (let p = 0; p < px.length; p += 4) if (px[p] === r && px[p + 1] === g && px[p + 2] === b) { painted++; break; }
        }
        return { painted, height: u.bbox.height };
      }, breaking.servedRps);
      expect(column.painted / column.height).toBeGreaterThan(0.8);
      // The table: the same step flagged, with the rule that tripped, and ready pods per step.
      const breakingRow = await page.locator('table.stress-steps tr.breaking').getAttribute('data-step');
      expect(Number(breakingRow)).toBe(breaking.step);
      expect(await page.locator('table.stress-steps tr.breaking td').last().innerText()).toBe(`breaking: ${breaking.reasons.join(', ')}`);
      expect(await page.locator('table.stress-steps thead').innerText()).toContain(`${cluster.hpa} ready pods`);
      const header = await page.locator('header .headline').innerText();
      expect(header).toContain(`Breaking point at step ${breaking.step} (${breaking.target}/s offered`);
      await screenshot(page, '#stress', 'report-stress.png');
      await screenshot(page, 'header', 'report-header-stress.png');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('spike: the phases side by side and the time to recover', async () => {
    const r = spike.preset;
    if (!r?.spike) throw new Error('no spike report');
    const { page, problems } = await openReport(browser, out('spike'), 6);
    try {
      expect(problems).toEqual([]);
      const charts = await probeCharts(page);
      expect(charts.map((c) => c.id)).toEqual(['load', 'latency', 'errors', 'spike-p95', 'spike-errors', 'spike-rate']);
      expectSoundCharts(charts, ['load', 'latency', 'errors']);
      expect(charts.find((c) => c.id === 'spike-p95')?.xTicks).toEqual(['baseline', 'spike', 'recovery']);
      expect(await page.locator('table.spike-phases tbody tr').count()).toBe(3);
      expect(await page.locator('#spike .verdict-line').innerText()).toMatch(r.spike.timeToRecoverS === null ? /^Not recovered within the run/ : /^Recovered [\d.]+s after the burst/);
      await screenshot(page, '#spike', 'report-spike.png');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('soak: as many table rows as whole intervals, the drift verdict and its slope', async () => {
    const s = soak.preset?.soak;
    if (!s) throw new Error('no soak report');
    // 5 s at 1-s intervals: five rows, none a phantom "(partial)" after the end.
    expect(s.intervals.map((i) => i.index)).toEqual([1, 2, 3, 4, 5]);
    const { page, problems } = await openReport(browser, out('soak'), 4);
    try {
      expect(problems).toEqual([]);
      const charts = await probeCharts(page);
      expect(charts.map((c) => c.id)).toEqual(['load', 'latency', 'errors', 'soak']);
      expectSoundCharts(charts, ['load', 'latency', 'errors'], soak.totals.failed === 0 ? ['errors'] : []);
      const rows = await page.locator('table.soak-intervals tbody tr').allInnerTexts();
      expect(rows).toHaveLength(5);
      expect(rows.join('\n')).not.toContain('partial');
      expect(await page.locator('#soak .verdict-line').innerText()).toMatch(/^Drift: (STABLE|DRIFTING \([a-z ,]+\)) over \d intervals \(intervals \d–5\): avg latency [+-][\d.]+% \(slope [+-][\d.]+ ms\/interval; limit \+10%\)/);
      await screenshot(page, '#soak', 'report-soak.png');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('inference: tokens/s over time, time to first token and per output token; VUs on their own axis', async () => {
    const stream = inference.inference?.stream;
    if (!stream) throw new Error('no inference stats');
    // 12 tokens 25 ms apart: 25 ms per output token after the first, measured on streamed answers only.
    expect(stream.streamed).toBe(stream.responses);
    expect(stream.timePerOutputToken.p50).toBeGreaterThanOrEqual(24);
    expect(stream.timePerOutputToken.p50).toBeLessThan(60);
    expect(inference.inference?.complete?.streamed).toBe(0);
    const { page, problems } = await openReport(browser, out('inference'), 4);
    try {
      expect(problems).toEqual([]);
      const charts = await probeCharts(page);
      expect(charts.map((c) => c.id)).toEqual(['load', 'latency', 'errors', 'tokens']);
      expectSoundCharts(charts, ['load', 'latency', 'errors', 'tokens'], inference.totals.failed === 0 ? ['errors'] : []);
      // Closed model: requests per second on the left axis, VUs on their own (right) axis.
      const load = charts.find((c) => c.id === 'load');
      expect(load?.yLabel).toBe('req/s');
      expect(load?.axes.find((a) => a.scale === 'vus')?.label).toBe('VUs');
      expect(load?.series.filter((s) => s.scale === 'vus').map((s) => s.label)).toEqual(['target VUs', 'active VUs']);
      const row = await page.locator('table.inference tbody tr').first().innerText();
      expect(row.split('\t').map((c) => c.trim())).toEqual(expect.arrayContaining(['stream', String(stream.responses), String(stream.streamed)]));
      await screenshot(page, '#inference', 'report-inference.png');
      await screenshot(page, '#chart-tokens', 'report-tokens.png');
    } finally {
      await page.close();
    }
  }, 60_000);
});
