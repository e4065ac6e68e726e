/** The dark palette, used for data-theme="dark" and for the OS preference when no theme is chosen. */
const DARK = `
  color-scheme: dark;
  --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --border: #30363d; --panel: #161b22; --grid: rgba(230,237,243,0.10);
  --pass: #3fb950; --fail: #f85149; --warn-bg: #3b2e00; --link: #4493f8;
  --c-target: #8d96a0; --c-rps: #4493f8; --c-p50: #3fb950; --c-p95: #d29922; --c-p99: #bc8cff;
  --c-success: #39c5cf; --c-break: #ff7b72; --c-trend: #8d96a0;
  --c-current: #4493f8; --c-desired: #a371f7; --c-ready: #3fb950; --c-limit: #6e7681;
  --c-err-0: #f85149; --c-err-1: #db6d28; --c-err-2: #d29922; --c-err-3: #a371f7; --c-err-4: #39c5cf; --c-err-5: #8d96a0;
  --episode-up: rgba(68,147,248,0.16); --episode-down: rgba(163,113,247,0.12); --stage-line: rgba(141,150,160,0.6); --label: #e6edf3;
`;

/**
 * The report's CSS: light and dark palettes as custom properties (the chart script reads the same
 * properties, so charts follow the theme), a laptop-width layout, and print rules.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light;
  --bg: #ffffff; --fg: #1f2328; --muted: #656d76; --border: #d0d7de; --panel: #f6f8fa; --grid: rgba(31,35,40,0.10);
  --pass: #1a7f37; --fail: #cf222e; --warn-bg: #fff8c5; --link: #0969da;
  --c-target: #8c959f; --c-rps: #0969da; --c-p50: #1a7f37; --c-p95: #bf8700; --c-p99: #8250df;
  --c-success: #1b7c83; --c-break: #cf222e; --c-trend: #57606a;
  --c-current: #0969da; --c-desired: #8250df; --c-ready: #1a7f37; --c-limit: #8c959f;
  --c-err-0: #cf222e; --c-err-1: #bc4c00; --c-err-2: #bf8700; --c-err-3: #8250df; --c-err-4: #1b7c83; --c-err-5: #57606a;
  --episode-up: rgba(9,105,218,0.10); --episode-down: rgba(130,80,223,0.08); --stage-line: rgba(101,109,118,0.55); --label: #1f2328;
}
:root[data-theme="dark"] {${DARK}}
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) {${DARK}}
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0 auto; max-width: 1280px; padding: 20px 28px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--link); }
code { font: 12.5px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
h1 { font-size: 22px; margin: 0; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h3 { font-size: 15px; margin: 16px 0 4px; }
.muted { color: var(--muted); }
.title-row { display: flex; justify-content: space-between; align-items: center; gap: 12px; }
.status { font-size: 13px; font-weight: 700; letter-spacing: .04em; padding: 2px 10px; border-radius: 999px; color: #fff; }
.status.pass { background: var(--pass); } .status.fail { background: var(--fail); }
.meta { color: var(--muted); margin: 6px 0 0; }
.theme-toggle { font: inherit; font-size: 12px; color: var(--fg); background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 4px 10px; cursor: pointer; }
.verdict h2 { border: 0; margin: 16px 0 4px; font-size: 15px; }
.thresholds { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
.thresholds li { white-space: nowrap; }
.thresholds .mark { font-weight: 700; }
.thresholds .pass .mark { color: var(--pass); } .thresholds .fail .mark, .thresholds .fail .observed { color: var(--fail); }
.observed { color: var(--muted); }
.tiles { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 10px; margin: 16px 0 0; }
.tiles > div { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 8px 12px; }
.tiles dt { color: var(--muted); font-size: 12px; } .tiles dd { margin: 0; font-size: 20px; font-weight: 600; }
.tiles dd.sub { font-size: 12px; font-weight: 400; color: var(--muted); }
.charts { display: grid; grid-template-columns: 1fr; gap: 6px; }
.charts.three { grid-template-columns: repeat(3, minmax(0, 1fr)); }
.headline { margin: 14px 0 0; padding: 8px 12px; border: 1px solid var(--border); border-left: 4px solid var(--link); border-radius: 6px; background: var(--panel); }
.headline p { margin: 2px 0; } .headline .bad { color: var(--fail); font-weight: 600; } .headline .good { color: var(--pass); font-weight: 600; }
.run-warnings { margin: 12px 0 0; border-left: 4px solid var(--fail); } .run-warnings p { margin: 2px 0; }
.verdict-line { font-size: 15px; margin: 4px 0 10px; }
.definitions { font-size: 12px; color: var(--muted); margin: 8px 0; }
tr.breaking td { background: rgba(207,34,46,0.10); } tr.breaking td:first-child { border-left: 3px solid var(--c-break); }
tr.last-good td:first-child { border-left: 3px solid var(--pass); }
tr.not-run td { color: var(--muted); }
.soak-scroll { max-height: 480px; overflow-y: auto; border: 1px solid var(--border); border-radius: 8px; }
.soak-scroll thead th { position: sticky; top: 0; background: var(--panel); }
.chart { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 6px 8px 2px; break-inside: avoid; }
.chart h3 { margin: 2px 4px 0; font-size: 13px; }
.chart .note { font-size: 12px; color: var(--muted); margin: 0 4px; }
.chart .caption { margin: 2px 4px 6px; padding-left: 18px; font-size: 12px; }
.uplot { font-family: inherit; color: var(--fg); }
.u-legend { font-size: 12px; color: var(--fg); }
.u-legend .u-value { min-width: 5.5em; display: inline-block; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
table.narrow { width: auto; min-width: 420px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.strong { font-weight: 700; } td.bad { color: var(--fail); font-weight: 700; }
tr.up td:first-child { border-left: 3px solid var(--c-current); } tr.down td:first-child { border-left: 3px solid var(--c-desired); }
.warn { background: var(--warn-bg); padding: 6px 10px; border-radius: 6px; }
.failures-scroll { max-height: 560px; overflow-y: auto; border: 1px solid var(--border); border-radius: 8px; }
.failures thead th { position: sticky; top: 0; background: var(--panel); }
.failures .expand { font: inherit; background: none; border: 0; color: var(--muted); cursor: pointer; padding: 0 4px; }
.failures .expand[aria-expanded="true"] { transform: rotate(90deg); }
.span-details td { background: var(--panel); }
.span-box dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0 8px; }
.span-box dl > div { display: contents; } .span-box dt { color: var(--muted); } .span-box dd { margin: 0; }
.attributes th { width: 1%; white-space: nowrap; color: var(--fg); font-weight: 400; }
.attributes td, .attributes th { border-bottom: 1px dotted var(--border); padding: 2px 8px; }
.filter { margin-left: 12px; font-size: 13px; color: var(--muted); }
.filter select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 4px; }
.steps { margin: 4px 0; padding-left: 18px; font-size: 12px; }
.failures td.reason { min-width: 14em; overflow-wrap: anywhere; }
.span-box .excerpt-label { margin: 0 0 2px; color: var(--muted); }
.span-box pre.excerpt { margin: 0 0 8px; padding: 6px 8px; background: var(--bg); border: 1px solid var(--border); border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table.flow-table { table-layout: fixed; } table.flow-table th:first-child { width: 22%; } table.flow-table th:last-child { width: 24%; }
tr.flow-total td { font-weight: 600; } tr.flow-step td:first-child { padding-left: 22px; overflow-wrap: anywhere; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
@media (max-width: 900px) { .tiles { grid-template-columns: repeat(3, minmax(0, 1fr)); } .charts.three { grid-template-columns: 1fr; } body { padding: 12px; } }
@media print {
  :root:root:root { --bg: #fff; --panel: #fff; --link: #000; }
  body { max-width: none; padding: 0; font-size: 11px; }
  .theme-toggle, .expand, .filter, .span-details { display: none !important; }
  .failures-scroll, .soak-scroll { max-height: none; overflow: visible; border: 0; }
  .chart, tr, .tiles > div { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { text-decoration: none; }
}
`;
