import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { esc, jsonForScript, scriptText } from './html-escape';

/** What a self-contained chart page (report.html, compare.html) puts in the shell below. */
export interface ChartPageParts {
  /** The <title>, as plain text (escaped here). */
  title: string;
  /** The page's CSS, after uPlot's. */
  css: string;
  /** Everything in <body> before the data and the scripts: header, main, footer. */
  body: string;
  /** What the charts draw: JSON in <script id="chart-data">, which chart-kit.js reads. */
  data: unknown;
  /** The page's own browser scripts (paths), inlined after uPlot and chart-kit.js; the last calls the kit's start(). */
  scripts: readonly string[];
}

const CHART_KIT = path.join(__dirname, 'browser', 'chart-kit.js');
const files = new Map<string, string>();

/** uPlot's browser build and stylesheet (from its npm package) and our scripts: each read once. */
function readOnce(file: string): string {
  let text = files.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    files.set(file, text);
  }
  return text;
}

function uplotFile(name: string): string {
  return readOnce(path.join(path.dirname(require.resolve('uplot/package.json')), 'dist', name));
}

/**
 * One self-contained HTML file: uPlot, styles, data and scripts inline, and a CSP that forbids any
 * network fetch, so the page opens from disk, a CI artifact or an e-mail alike.
 */
export function chartPage(p: ChartPageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="color-scheme" content="light dark">
<title>${esc(p.title)}</title>
<style>${uplotFile('uPlot.min.css')}</style>
<style>${p.css}</style>
</head>
<body>
${p.body}
<script type="application/json" id="chart-data">${jsonForScript(p.data)}</script>
<script>${scriptText(uplotFile('uPlot.iife.min.js'))}</script>
<script>${scriptText([CHART_KIT, ...p.scripts].map(readOnce).join('\n'))}</script>
</body>
</html>
`;
}
