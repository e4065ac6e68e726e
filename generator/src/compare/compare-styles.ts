/** One colour per run (the baseline grey), light and dark; the chart script reads the same properties. */
const DARK_RUNS = `
  --run-base: #8d96a0; --run-0: #4493f8; --run-1: #f85149; --run-2: #3fb950; --run-3: #a371f7;
  --run-4: #db6d28; --run-5: #39c5cf; --run-6: #d29922; --run-7: #f778ba;
`;

/** What compare.html adds to the report's CSS (REPORT_CSS): run colours, deltas, the rules' verdict. */
export const COMPARE_CSS = `
:root {
  --run-base: #6e7781; --run-0: #0969da; --run-1: #cf222e; --run-2: #1a7f37; --run-3: #8250df;
  --run-4: #bc4c00; --run-5: #1b7c83; --run-6: #9a6700; --run-7: #bf3989;
}
:root[data-theme="dark"] {${DARK_RUNS}}
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) {${DARK_RUNS}}
}
.status.none { background: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.delta { display: block; font-size: 11px; color: var(--muted); }
.delta.worse { color: var(--fail); } .delta.better { color: var(--pass); }
tr.baseline td { background: var(--panel); }
.tag { font-size: 11px; color: var(--muted); margin-left: 4px; }
.thresholds.rules { display: block; } .thresholds.rules > li { white-space: normal; margin: 2px 0; }
.checks { list-style: none; margin: 2px 0 6px 22px; padding: 0; font-size: 13px; }
.checks .fail { color: var(--fail); }
table.side th[scope="row"] { color: var(--fg); font-weight: 400; }
`;
