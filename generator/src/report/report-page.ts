import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { breakdownTables } from './breakdown-tables';
import { chartData } from './chart-data';
import { chartPage } from './chart-page';
import { failuresSection } from './failures-section';
import { flowsSection } from './flows-section';
import type { GrafanaLinkOptions } from './grafana-link';
import { esc } from './html-escape';
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

/** The page's own scripts after the chart kit: the entry point (which builds every chart) last. */
const BROWSER_SCRIPTS = ['timeline-charts.js', 'preset-charts.js', 'report-charts.js'].map((f) => path.join(__dirname, 'browser', f));

let version: string | undefined;
/** Our version, for the footer: src/report and dist/report both sit two levels below generator/package.json. */
function scaletraceVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/**
 * report.html: one self-contained file (uPlot, styles, data and script inline; a CSP that forbids
 * any network fetch), readable on screen and on paper. Every user-controlled string is escaped.
 */
export function reportPage(files: ResultsFiles, opts: ReportPageOptions = {}): string {
  const { summary: s } = files;
  const runStartMs = Date.parse(s.run.startedAt);
  const data = chartData(s, files.rows, files.podMemory ?? []);
  const generated = (opts.generatedAt ?? new Date()).toISOString();
  return chartPage({
    title: `${s.run.scenario} · ${s.run.status} · ScaleTrace run ${s.run.id}`,
    css: REPORT_CSS,
    data,
    scripts: BROWSER_SCRIPTS,
    body: `${reportHeader(s)}
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
${flowsSection(s)}
${breakdownTables(s)}
</main>
<footer>Generated ${esc(generated)} by ScaleTrace ${esc(scaletraceVersion())}${opts.generator === undefined ? '' : ` (<code>${esc(opts.generator)}</code>)`} from <code>${esc(files.dir)}</code> (summary.json, timeseries.csv, failures.jsonl) · rebuild with <code>scaletrace report ${esc(files.dir)}</code> · charts: uPlot</footer>`,
  });
}
