import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { breakdownTables } from './breakdown-tables';
import { chartData } from './chart-data';
import { failuresSection } from './failures-section';
import type { GrafanaLinkOptions } from './grafana-link';
import { esc, jsonForScript, scriptText } from './html-escape';
import { reportHeader } from './report-header';
import { REPORT_CSS } from './report-styles';
import type { ResultsFiles } from './results-files';
import { inferenceSection } from './inference-section';
import { scalingSection } from './scaling-section';
import { soakSection } from './soak-section';
import { spikeSection } from './spike-section';
import { stressSection } from './stress-section';

export interface ReportPageOptions {
  grafana?: GrafanaLinkOptions;
  /** The command that wrote the page (`scaletrace run`, `scaletrace demo`, …), shown in the footer. */
  generator?: string;
  generatedAt?: Date;
}

/** The page's scripts, in order: the kit first, the entry point (which builds every chart) last. */
const BROWSER_SCRIPTS = ['chart-kit.js', 'timeline-charts.js', 'preset-charts.js', 'report-charts.js'];

/** uPlot's browser build and stylesheet from the npm package, our chart scripts and version: read once. */
interface Assets { uplotJs: string; uplotCss: string; chartsJs: string; version: string }
let assets: Assets | undefined;

function loadAssets(): Assets {
  if (assets === undefined) {
    const uplotDist = path.join(path.dirname(require.resolve('uplot/package.json')), 'dist');
    assets = {
      uplotJs: readFileSync(path.join(uplotDist, 'uPlot.iife.min.js'), 'utf8'),
      uplotCss: readFileSync(path.join(uplotDist, 'uPlot.min.css'), 'utf8'),
      chartsJs: BROWSER_SCRIPTS.map((f) => readFileSync(path.join(__dirname, 'browser', f), 'utf8')).join('\n'),
      // src/report and dist/report both sit two levels below generator/package.json.
      version: (JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version,
    };
  }
  return assets;
}

/**
 * report.html: one self-contained file (uPlot, styles, data and script inline; a CSP that forbids
 * any network fetch), readable on screen and on paper. Every user-controlled string is escaped.
 */
export function reportPage(files: ResultsFiles, opts: ReportPageOptions = {}): string {
  const { summary: s } = files;
  const a = loadAssets();
  const runStartMs = Date.parse(s.run.startedAt);
  const data = chartData(s, files.rows, files.podMemory ?? []);
  const generated = (opts.generatedAt ?? new Date()).toISOString();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="color-scheme" content="light dark">
<title>${esc(`${s.run.scenario} · ${s.run.status} · ScaleTrace run ${s.run.id}`)}</title>
<style>${a.uplotCss}</style>
<style>${REPORT_CSS}</style>
</head>
<body>
${reportHeader(s)}
<main>
<section id="timeline"><h2>Timeline</h2>
<p class="muted">One time axis (minutes:seconds since the run started) and one cursor for all charts: hover any chart to read every series at that moment. Every per-second value counts a request in the second it completed.</p>
<div id="charts" class="charts"></div>
<noscript><p class="warn">The charts need JavaScript; the tables below do not.</p></noscript>
</section>
${s.preset ? [stressSection(s.preset), spikeSection(s.preset), soakSection(s.preset, data.soak?.podMemoryMiB)].join('') : ''}
${inferenceSection(s.inference)}
${scalingSection(s.scaling, runStartMs)}
${failuresSection(s, files.failures, opts.grafana)}
${breakdownTables(s)}
</main>
<footer>Generated ${esc(generated)} by ScaleTrace ${esc(a.version)}${opts.generator === undefined ? '' : ` (<code>${esc(opts.generator)}</code>)`} from <code>${esc(files.dir)}</code> (summary.json, timeseries.csv, failures.jsonl) · rebuild with <code>scaletrace report ${esc(files.dir)}</code> · charts: uPlot</footer>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${scriptText(a.uplotJs)}</script>
<script>${scriptText(a.chartsJs)}</script>
</body>
</html>
`;
}
