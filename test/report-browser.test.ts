import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FailureLine, Summary } from '../generator/src/results';
import { startDemoCluster, type DemoCluster } from '../generator/src/demo-cluster';
import { cleanEnv, REPO_ROOT, runCli } from './helpers/cli';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';
import { kubernetesSection } from './helpers/kubernetes-section';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'report');

/** What the page tells about its charts (evaluated in the browser). */
interface ChartProbe { id: string; points: number; seriesPixels: number[] }

/** The uPlot surface the probes read, as the report exposes it on window.scaletraceReport. */
interface UPlotProbe {
  data: (number | null)[][];
  series: Array<{ stroke: (u: unknown, i: number) => string }>;
  ctx: { canvas: { width: number; height: number }; getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
  cursor: { left?: number };
  posToVal(pos: number, scale: string): number;
}
// Browser globals used inside page.evaluate callbacks (the project's TypeScript lib has no DOM).
declare const window: { scaletraceReport?: { charts: Array<{ id: string; uplot: UPlotProbe }> } };
declare const document: { documentElement: unknown; querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
declare function getComputedStyle(element: unknown): { getPropertyValue(name: string): string };

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
      startDemoCluster({ dir, env: cleanEnv(), timing: { syncPeriodMs: 1000, metricsResolutionMs: 1000, podStartDelayMs: 2000, podStopDelayMs: 200 } }),
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

  async function open(colorScheme: 'light' | 'dark'): Promise<{ page: Page; problems: string[]; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, colorScheme });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${path.join(out, 'report.html')}`);
    await page.waitForFunction(() => window.scaletraceReport?.charts.length === 4);
    return { page, problems, requests };
  }

  it('draws every chart with data, makes no request, and its failures are the exported spans', async () => {
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
    const up = summary.scaling?.hpas[0]?.episodes.find((e) => e.direction === 'up');
    expect(up?.lagS.total).toEqual(expect.any(Number));
    expect(summary.totals.failed).toBeGreaterThan(0);
    const report = path.join(out, 'report.html');
    const { page, problems, requests } = await open('light');
    try {
      expect(problems).toEqual([]);
      expect(requests).toEqual([`file://${report}`]);

      const charts = await page.evaluate(() => {
        const rgb = (css: string): number[] => { const h = css.trim().replace('#', ''); return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)); };
        return (window.scaletraceReport?.charts ?? []).map(({ id, uplot: u }): ChartProbe => {
          const points = u.data.slice(1).reduce((n, ys) => n + ys.filter((v) => v !== null && v > 0).length, 0);
          const { width, height } = u.ctx.canvas;
          const img = u.ctx.getImageData(0, 0, width, height).data;
          // Pixels painted in each series' own colour: the lines and bars were really drawn.
          const seriesPixels = u.series.slice(1).map((s, i) => {
            const [r, g, b] = rgb(s.stroke(u, i + 1));
            let n = 0;
            for (let p = 0; p < img.length; p += 4) if (img[p] === r && img[p + 1] === g && img[p + 2] === b && img[p + 3] === 255) n++;
            return n;
          });
          return { id, points, seriesPixels };
        });
      });
      expect(charts.map((c) => c.id)).toEqual(['load', 'latency', 'errors', 'replicas-0']);
      for (const c of charts) {
        expect({ id: c.id, hasPoints: c.points > 0, drawn: Math.max(...c.seriesPixels) > 50 }).toEqual({ id: c.id, hasPoints: true, drawn: true });
      }

      // Failed requests: every row's trace id is an exported CLIENT span that failed the same way.
      const rows = await page.$$eval('tr.failure', (trs) => trs.map((tr) => ({ traceId: tr.getAttribute('data-trace-id') ?? '', errorType: tr.getAttribute('data-error-type') ?? '', href: tr.querySelector('a.trace-id')?.getAttribute('href') ?? '' })));
      const failures = readFileSync(path.join(out, 'failures.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FailureLine);
      expect(rows.length).toBe(failures.length);
      expect(rows.length).toBeGreaterThan(0);
      const spans = new Map(receiver.spans().filter((s) => s.kind === 3).map((s) => [s.traceId, s]));
      for (const row of rows) {
        const span = spans.get(row.traceId);
        expect({ trace: row.traceId, status: span?.status.code, errorType: span?.attributes['error.type'] }).toEqual({ trace: row.traceId, status: 2, errorType: row.errorType });
        expect(row.href.startsWith('http://127.0.0.1:3000/grafana/explore?')).toBe(true);
      }
      // Span details inline: the exported span's attributes, serving pod included.
      const served = page.locator('tr.failure').filter({ has: page.locator('td:nth-child(7) code') }).first();
      await served.locator('button.expand').click();
      const details = await page.locator('tr.span-details:not([hidden])').innerText();
      for (const attribute of ['loadtest.target.pod', 'error.type', 'http.response.status_code', 'url.full', 'loadtest.run.id']) expect(details).toContain(attribute);

      // One cursor: hovering the load chart moves every chart's cursor to the same moment.
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

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-light.png'), fullPage: true });
    } finally {
      await page.close();
    }
    const dark = await open('dark');
    try {
      expect(dark.problems).toEqual([]);
      const bg = await dark.page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
      expect(bg).toBe('#0d1117');
      await dark.page.screenshot({ path: path.join(ARTIFACTS, 'report-dark.png'), fullPage: true });
    } finally {
      await dark.page.close();
    }
    expect(statSync(report).size).toBeLessThan(2_000_000);
  }, 60_000);
});
