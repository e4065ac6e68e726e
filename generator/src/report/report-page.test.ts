import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sampleSummary } from '../results/sample-summary';
import { sampleFlowSummary } from '../results/sample-flow-summary';
import type { FailureLine, Summary } from '../results';
import { writeResults } from '../results';
import { chartData } from './chart-data';
import { grafanaLinkOptions, ReportOptionError, traceExploreUrl } from './grafana-link';
import { esc, jsonForScript } from './html-escape';
import { REPORT_CSS } from './report-styles';
import { reportPage } from './report-page';
import { writeReport } from './write-report';

const EVIL = '<script>alert(1)</script>"\'&';

function evilFailure(over: Partial<FailureLine> = {}): FailureLine {
  return {
    time: '2026-01-01T12:00:01.000Z', elapsedS: 1, request: `req${EVIL}`, method: 'GET', url: `http://x/${EVIL}`, status: 503,
    errorType: `503${EVIL}`, errorMessage: `HTTP 503 ${EVIL}`, durationMs: 12.5, pod: `pod${EVIL}`,
    check: `json $.items[0]${EVIL} exists (absent)`, bodyExcerpt: `{"body":"${EVIL}</pre>"}`, flow: `flow${EVIL}`,
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', stage: 0, vu: 0, kept: 'first',
    timings: { scheduleLagMs: 0.1, ttfbMs: 10 },
    span: { name: `GET req${EVIL}`, kind: 'CLIENT', startTime: '2026-01-01T12:00:01.000Z', endTime: '2026-01-01T12:00:01.012Z', durationMs: 12.5, status: { code: 'ERROR', message: EVIL }, attributes: { [`attr${EVIL}`]: EVIL, 'error.type': '503' } },
    ...over,
  };
}

function evilSummary(): Summary {
  const s = sampleSummary();
  s.run.scenario = `scenario${EVIL}`;
  s.run.target = `http://target/${EVIL}`;
  s.run.id = `run${EVIL}`;
  s.thresholds = [{ expr: `p95 < 1s ${EVIL}`, ok: false, value: 2000, unit: 'ms' }];
  s.errors = { [`E${EVIL}`]: 2 };
  s.requests = { [`name${EVIL}`]: s.requests.predict as Summary['requests'][string] };
  const flows = sampleFlowSummary();
  s.flows = { [`flow${EVIL}`]: { ...(flows.flows?.checkout as NonNullable<Summary['flows']>[string]), failedAt: { [`flow${EVIL}.step${EVIL}`]: 6 }, errors: { [`err${EVIL}`]: 6 } } };
  s.requests[`flow${EVIL}.step${EVIL}`] = { ...(flows.requests['checkout.cart'] as Summary['requests'][string]), errors: { [`stepErr${EVIL}`]: 5 } };
  s.scaling = {
    namespace: `ns${EVIL}`, watcherAvailable: true, problems: [`problem ${EVIL}`], hpas: [{
      name: `hpa${EVIL}`, target: { kind: 'Deployment', name: `dep${EVIL}` }, minReplicas: 1, maxReplicas: 5,
      timeline: [{ at: s.run.startedAt, elapsedS: 0, current: 1, desired: 1, ready: 1 }], maxReplicasReached: 1, timeAtMaxS: 0, deficitReplicaSeconds: 0,
      episodes: [{ direction: 'up', from: 1, to: 2, t0: s.run.startedAt, t0Source: 'load-step', complete: true, lagS: { detection: 1, actuation: 2, total: 3, recovery: null }, deficitReplicaSeconds: 2, steps: [{ elapsedS: 1, what: `step ${EVIL}` }] }],
      podFailures: [{ at: s.run.startedAt, pod: `p${EVIL}`, reason: `OOMKilled${EVIL}` }],
    }],
  };
  return s;
}

describe('report.html', () => {
  it('escapes every user-controlled string (scenario, URLs, error types and messages, attributes, pods)', () => {
    const html = reportPage({ dir: `/tmp/${EVIL}`, summary: evilSummary(), rows: [], failures: [evilFailure()] }, { grafana: { url: 'https://g.example', tempoUid: `uid${EVIL}` } });
    // The only <script> elements are the three the page itself has.
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toMatch(/"'&[^a-z#]/);
    expect(html).toContain('scenario&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    for (const fragment of ['pod&lt;script&gt;', 'attr&lt;script&gt;', 'OOMKilled&lt;script&gt;', 'step &lt;script&gt;', 'hpa&lt;script&gt;', 'problem &lt;script&gt;', 'E&lt;script&gt;', 'name&lt;script&gt;', 'p95 &lt; 1s &lt;script&gt;']) {
      expect(html).toContain(fragment);
    }
    // Text from the target (the failed check, the body excerpt) and flow names: escaped too.
    const E = 'alert(1)&lt;/script&gt;&quot;&#39;&amp;';
    for (const fragment of [
      `<td class="reason"><code>json $.items[0]&lt;script&gt;${E} exists (absent)</code></td>`,
      `<pre class="excerpt">{&quot;body&quot;:&quot;&lt;script&gt;${E}&lt;/pre&gt;&quot;}</pre>`,
      `data-flow="flow&lt;script&gt;${E}"`,
      `<dt>flow</dt><dd>flow&lt;script&gt;${E} (its flow span`,
      `<h3>Flow <code>flow&lt;script&gt;${E}</code></h3>`,
      `<td><code>flow&lt;script&gt;${E}.step&lt;script&gt;${E}</code></td>`,
      `<code>err&lt;script&gt;${E}</code> 6`, `<code>stepErr&lt;script&gt;${E}</code> 5`,
    ]) expect(html).toContain(fragment);
    expect(html).not.toContain('</pre>"}');
    // The data island cannot close its <script>; the Grafana link is an escaped attribute.
    const island = /<script type="application\/json" id="chart-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(island).not.toContain('<');
    expect(JSON.parse(island)).toMatchObject({ errorTypes: [`E${EVIL}`] });
    expect(html).toMatch(/<a class="trace-id" href="https:\/\/g\.example\/explore\?schemaVersion=1&amp;orgId=1&amp;panes=[^"<>]+" target="_blank" rel="noopener noreferrer">0af7651916cd43dd8448eb211c80319c<\/a>/);
    // No network at view time: a CSP forbidding fetches, no external src/href.
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\/(?!g\.example)/);
  });

  it('esc and jsonForScript', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(jsonForScript({ s: '</script><!--\u2028' })).toBe('{"s":"\\u003c/script\\u003e\\u003c!--\\u2028"}');
    expect(JSON.parse(jsonForScript({ s: '</script>&' }))).toEqual({ s: '</script>&' });
  });

  it('Grafana Explore links: flag over env, tempo uid default, bad URL is a usage error', () => {
    expect(grafanaLinkOptions({}, {})).toBeUndefined();
    expect(grafanaLinkOptions({}, { SCALETRACE_GRAFANA_URL: 'http://g:3000/' })).toEqual({ url: 'http://g:3000', tempoUid: 'tempo' });
    expect(grafanaLinkOptions({ grafanaUrl: 'https://a', tempoUid: 'T1' }, { SCALETRACE_GRAFANA_URL: 'http://b', SCALETRACE_TEMPO_DATASOURCE_UID: 'T2' })).toEqual({ url: 'https://a', tempoUid: 'T1' });
    expect(() => grafanaLinkOptions({ grafanaUrl: 'javascript:alert(1)' }, {})).toThrow(ReportOptionError);
    const url = traceExploreUrl({ url: 'http://g', tempoUid: 'tempo' }, 'abc', { fromMs: 1000, toMs: 2000 });
    const panes = JSON.parse(new URL(url).searchParams.get('panes') ?? '{}') as Record<string, { queries: Array<{ query: string; datasource: { uid: string } }>; range: unknown }>;
    expect(Object.values(panes)[0]).toMatchObject({ queries: [{ query: 'abc', datasource: { uid: 'tempo', type: 'tempo' } }], range: { from: '1000', to: '2000' } });
  });

  it('scaletrace report rebuilds the same page from the results directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-report-'));
    try {
      const summary = sampleSummary();
      await writeResults(dir, summary, [], [evilFailure({ errorType: 'ECONNREFUSED' })]);
      const { file, bytes } = await writeReport(dir, { generatedAt: new Date(0) });
      const html = readFileSync(file, 'utf8');
      expect(bytes).toBe(Buffer.byteLength(html));
      expect(html).toContain('uPlot'); // the library is inline
      expect(html).toContain('data-trace-id="0af7651916cd43dd8448eb211c80319c"');
      expect((await writeReport(dir, { generatedAt: new Date(0) })).bytes).toBe(bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Hue (degrees) of a #rrggbb colour. */
function hue(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

describe('report.html chart and wording defects (issue 14)', () => {
  const dirOf = '/tmp/results';

  it('failed requests are listed at the time they failed, the time the Errors chart counts them at', () => {
    const s = sampleSummary();
    const html = reportPage({ dir: dirOf, summary: s, rows: [], failures: [evilFailure({ elapsedS: 1, durationMs: 1500, errorType: 'timeout' })] });
    const row = /<tr class="failure"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(row).toContain('>+2.50 s</td>');
    expect(html).toContain('<th title="when the request failed (sent + duration), the time the Errors chart counts it at">failed at</th>');
    expect(html).toContain('+1.000 s (2026-01-01T12:00:01.000Z); failed at +2.500 s');
  });

  it('0-s jump stages are no stage rows or chart marks; the table says how many it left out', () => {
    const s = sampleSummary();
    const [a, b] = s.stages as [Summary['stages'][number], Summary['stages'][number]];
    s.stages = [a, { ...b, index: 1, durationS: 0, requests: 0, failed: 0 }, { ...b, index: 2 }];
    const html = reportPage({ dir: dirOf, summary: s, rows: [], failures: [] });
    const table = /<h2>Per stage<\/h2>[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(table.match(/<tr><td>/g)).toHaveLength(2);
    expect(table).toContain('1 jump stage (0 s: the target changes at once) not listed');
    expect(chartData(s, []).stages.map((st) => st.label)).toEqual(['stage 0 → 50/s', 'stage 2 → 200/s']);
  });

  it('the summary\'s warnings stand in the header, right under the status, escaped; none, no box', () => {
    const s = sampleSummary();
    s.warnings = [
      'every request failed (40 of 40: ECONNREFUSED 40) and no threshold checks errors, so the exit code does not reflect them: add one such as "error_rate < 1%" to thresholds',
      `second ${EVIL}`,
    ];
    const html = reportPage({ dir: dirOf, summary: s, rows: [], failures: [] });
    const header = /<header class="run-header">[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
    expect(header).toContain('<section class="run-warnings warn" role="alert" aria-label="Warnings">' +
      '<p><strong>WARNING:</strong> every request failed (40 of 40: ECONNREFUSED 40) and no threshold checks errors, so the exit code does not reflect them: add one such as &quot;error_rate &lt; 1%&quot; to thresholds</p>' +
      '<p><strong>WARNING:</strong> second &lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</p></section>');
    // Before the run's details and the thresholds: the first thing read after PASSED.
    expect(header.indexOf('run-warnings')).toBeGreaterThan(header.indexOf('class="status pass"'));
    expect(header.indexOf('run-warnings')).toBeLessThan(header.indexOf('class="meta"'));
    expect(reportPage({ dir: dirOf, summary: sampleSummary(), rows: [], failures: [] })).not.toContain('<section class="run-warnings');
  });

  it('the per-stage table has a dropped column for an open run only (closed, arrivals are never dropped)', () => {
    const stageTable = (model: 'open' | 'closed'): string => {
      const s = sampleSummary();
      s.run.model = model;
      return /<h2>Per stage<\/h2>[\s\S]*?<\/table>/.exec(reportPage({ dir: dirOf, summary: s, rows: [], failures: [] }))?.[0] ?? '';
    };
    const cells = (table: string): number[] => [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => (m[1]?.match(/<t[dh]\b/g) ?? []).length);
    const open = stageTable('open');
    expect(open).toContain('<th>failed</th><th>dropped</th><th>p50</th>');
    expect(cells(open)).toEqual([13, 13, 13]);
    const closed = stageTable('closed');
    expect(closed).toContain('<th>failed</th><th>p50</th>');
    expect(closed).not.toContain('dropped');
    expect(cells(closed)).toEqual([12, 12, 12]);
  });

  it('the telemetry sentence is a sentence with or without an endpoint', () => {
    const s = sampleSummary();
    s.telemetry = { ...s.telemetry, metricsExported: false, endpoint: undefined, protocol: undefined };
    expect(reportPage({ dir: dirOf, summary: s, rows: [], failures: [] })).toContain('<p>Spans, metrics and logs were not exported: no OTLP endpoint was configured (set <code>OTEL_EXPORTER_OTLP_ENDPOINT</code>).</p>');
    expect(reportPage({ dir: dirOf, summary: sampleSummary(), rows: [], failures: [] }))
      .toContain('<p>Spans, metrics and logs were exported over OTLP to <code>http://127.0.0.1:4318</code> (http/protobuf).</p>');
  });

  it('the footer names ScaleTrace and its version, then the command that wrote the page', () => {
    const html = reportPage({ dir: dirOf, summary: sampleSummary(), rows: [], failures: [] }, { generator: 'scaletrace demo', generatedAt: new Date(0) });
    const { version } = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(html).toContain(`Generated 1970-01-01T00:00:00.000Z by ScaleTrace ${version} (<code>scaletrace demo</code>) from`);
  });

  it('the replicas chart is sampled on the other charts\' seconds, so one cursor reads one moment everywhere', () => {
    const s = evilSummary();
    const hpa = s.scaling?.hpas[0];
    if (!hpa) throw new Error('fixture has an HPA');
    hpa.timeline = [
      { at: '', elapsedS: 0, current: 1, desired: 1, ready: 1 },
      { at: '', elapsedS: 2.4, current: 1, desired: 3, ready: 1 },
      { at: '', elapsedS: 4.2, current: 3, desired: 3, ready: 3 },
    ];
    s.run.durationS = 6;
    const rows = [1, 2, 3, 4, 5, 6].map((t) => ({ time: '', elapsedS: t, stage: 0, target: 10, rps: 10, p50: 1, p95: 2, p99: 3, errors: 0, vus: 0, inFlight: 0, dropped: 0 }));
    const h = chartData(s, rows).hpas[0];
    expect(h?.x).toEqual([1, 2, 3, 4, 5, 6]);
    expect(h?.desired).toEqual([1, 1, 3, 3, 3, 3]);
    expect(h?.ready).toEqual([1, 1, 1, 1, 3, 3]);
  });

  it('p95 and p99 differ in hue by at least 90° in both themes (p99 is also dashed on the chart)', () => {
    const light = /:root \{[^}]*--c-p95: (#[0-9a-f]{6}); --c-p99: (#[0-9a-f]{6})/.exec(REPORT_CSS);
    const dark = /--c-p95: (#[0-9a-f]{6}); --c-p99: (#[0-9a-f]{6})/.exec(REPORT_CSS.slice(REPORT_CSS.indexOf('color-scheme: dark')));
    for (const m of [light, dark]) {
      const d = Math.abs(hue(m?.[1] ?? '#000000') - hue(m?.[2] ?? '#000000'));
      expect(Math.min(d, 360 - d)).toBeGreaterThanOrEqual(90);
    }
  });
});

describe('report.html flows and failed checks (issue 15)', () => {
  const dirOf = '/tmp/results';

  it('a Flows section before the per-request table: per flow its iterations, then its steps with p50/p95/p99 and failures', () => {
    const html = reportPage({ dir: dirOf, summary: sampleFlowSummary(), rows: [], failures: [] });
    const section = /<section id="flows">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(section).toContain('<h3>Flow <code>checkout</code></h3>\n<p>120 iterations, 6 failed, 2 incomplete; 238 steps sent, 7 failed.</p>\n' +
      '<div class="scroll"><table class="flow-table"><thead><tr><th></th><th class="num">count</th><th class="num">failed</th><th class="num">success</th><th class="num">rate</th>' +
      '<th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num" title="failed iterations whose first failure was this step">first failure here</th><th>error.type</th></tr></thead><tbody>' +
      '<tr class="flow-total"><td>iterations</td><td class="num">120</td><td class="num bad">6</td><td class="num">95%</td><td class="num">2/s</td>' +
      '<td class="num">1.2s</td><td class="num">2.3s</td><td class="num">2.9s</td><td class="num">6</td>' +
      '<td><code>expectation_failed</code> 3, <code>503</code> 1, <code>timeout</code> 1, <code>capture_failed</code> 1</td></tr>' +
      '<tr class="flow-step"><td><code>checkout.login</code></td><td class="num">120</td><td class="num bad">2</td><td class="num">98.33%</td><td class="num">2/s</td>' +
      '<td class="num">40ms</td><td class="num">90ms</td><td class="num">120ms</td><td class="num">2</td><td><code>timeout</code> 2</td></tr>' +
      '<tr class="flow-step"><td><code>checkout.cart</code></td><td class="num">118</td><td class="num bad">5</td><td class="num">95.76%</td><td class="num">2/s</td>' +
      '<td class="num">150ms</td><td class="num">480ms</td><td class="num">900ms</td><td class="num">4</td><td><code>expectation_failed</code> 3, <code>503</code> 1, <code>capture_failed</code> 1</td></tr>' +
      '</tbody></table></div>');
    expect(section).toContain('<tr class="flow-total"><td>iterations</td><td class="num">300</td><td class="num">0</td><td class="num">100%</td><td class="num">5/s</td>' +
      '<td class="num">80ms</td><td class="num">120ms</td><td class="num">150ms</td><td class="num">0</td><td></td></tr>' +
      '<tr class="flow-step"><td><code>browse.list</code></td>');
    expect(section).toContain('think time included');
    expect(html.indexOf('<section id="failures">')).toBeLessThan(html.indexOf('<section id="flows">'));
    expect(html.indexOf('<section id="flows">')).toBeLessThan(html.indexOf('<h2>Per request name</h2>'));
    expect(reportPage({ dir: dirOf, summary: sampleSummary(), rows: [], failures: [] })).not.toContain('id="flows"');
  });

  it('a failed check is the failure\'s reason (the message otherwise); ▸ shows the check, the flow and the start of the body', () => {
    const check = evilFailure({
      request: 'checkout.cart', errorType: 'expectation_failed', errorMessage: 'expectation failed', check: 'json $.items[0].id exists (absent)',
      bodyExcerpt: '{"items":[]}', flow: 'checkout',
    });
    const plain = evilFailure({ request: 'predict', errorType: 'timeout', errorMessage: 'no response within 5s', check: undefined, bodyExcerpt: undefined, flow: undefined });
    const html = reportPage({ dir: dirOf, summary: sampleFlowSummary(), rows: [], failures: [check, plain] });
    const rows = [...html.matchAll(/<tr class="failure"[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows[0]).toContain('data-flow="checkout"');
    expect(rows[0]).toMatch(/<td class="reason"><code>json \$\.items\[0\]\.id exists \(absent\)<\/code><\/td><\/tr>$/);
    expect(rows[1]).toMatch(/<td class="reason">no response within 5s<\/td><\/tr>$/);
    expect(rows[1]).not.toContain('data-flow');
    expect(html).toContain('<th title="the check that failed (expect:, capture), else the error message">reason</th></tr></thead>');
    const details = /<tr class="span-details" id="span-0" hidden><td><\/td><td colspan="8">([\s\S]*?)<\/td><\/tr>/.exec(html)?.[1] ?? '';
    expect(details).toContain('<dl><div><dt>check</dt><dd>json $.items[0].id exists (absent)</dd></div>' +
      '<div><dt>flow</dt><dd>checkout (its flow span is this span&#39;s parent in the trace)</dd></div><div><dt>sent</dt>');
    expect(details).toContain('<p class="excerpt-label">response body (its start, at most 200 characters; secrets redacted):</p><pre class="excerpt">{&quot;items&quot;:[]}</pre>');
    expect(/<td colspan="8">([\s\S]*?)<\/td><\/tr>/.exec(html.slice(html.indexOf('id="span-1"')))?.[1]).not.toMatch(/excerpt|<dt>check|<dt>flow/);
  });
});
