import { parseScenario } from '../scenario';
import { buildPresetReport, InferenceRecorder, PhaseRecorder, type Summary } from '../results';
import { sampleSummary } from '../results/sample-summary';
import { record } from '../results/test-fixtures';
import { chartData, podMemoryPerInterval, stressAxes } from './chart-data';
import { reportPage } from './report-page';
import { parsePodMemory } from './results-files';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function planOf(load: string): NonNullable<ReturnType<typeof parseScenario>['preset']> {
  const s = parseScenario(`name: t\ntarget: http://127.0.0.1:9\nrequests: [ { name: predict } ]\nload: ${load}\n`, '/tmp/t.yaml');
  if (!s.preset) throw new Error('no preset');
  return s.preset;
}

function feed(rec: PhaseRecorder, stage: number, fromMs: number, toMs: number, n: number, latency: number, failed: (i: number) => boolean = () => false): void {
  for (let i = 0; i < n; i++) rec.onRequest(record({ stage, at: T0 + fromMs + ((toMs - fromMs) * i) / n, latencyMs: latency, errorType: failed(i) ? '503' : undefined }));
}

function page(summary: Summary, podMemory: Parameters<typeof reportPage>[0]['podMemory'] = []): string {
  return reportPage({ dir: '/tmp/r', summary, rows: [], failures: [], podMemory });
}

describe('report.html preset sections', () => {
  it('stress: the breaking point with its rule and the served rate, in the header and the step table', () => {
    const plan = planOf('{ model: open, preset: stress, stress: { start: 10, step: 10, max: 30, stepDuration: 10s, breakWhen: { successBelow: 95%, p95Above: 200ms } } }');
    const rec = new PhaseRecorder(plan, T0);
    feed(rec, 0, 0, 10_000, 100, 20);
    feed(rec, 2, 10_000, 20_000, 200, 20, (i) => i % 4 === 0);   // 75 % success, 15/s served
    const s = sampleSummary();
    s.preset = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 20_000, seconds: [] });
    const html = page(s);
    const headline = 'Breaking point at step 2 (20/s offered, 15/s served): success 75% &lt; 95%. Last good: step 1 (10/s offered, 10/s served).';
    expect(html).toContain(`<p><strong>Stress:</strong> <span class="bad">${headline}`);
    expect(html).toContain(`<p class="verdict-line">${headline}`);
    const rows = /<table class="stress-steps">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(rows).toMatch(/<tr class="breaking" data-step="2"><td class="num">2<\/td><td class="num">20\/s<\/td><td class="num">20\/s<\/td><td class="num strong">15\/s<\/td><td class="num">75%<\/td>/);
    expect(rows).toContain('<td>breaking: success 75% &lt; 95%</td>');
    expect(rows).toMatch(/<tr class="not-run" data-step="3">/);
    // The chart's data: steps that ran, at their served rate, the breaking one indexed.
    const d = chartData(s, []).stress;
    expect(d?.served).toEqual([10, 15]);
    expect(d?.breaking).toEqual({ index: 1, step: 2, reasons: ['success 75% < 95%'] });
    expect(d?.bounds).toEqual({ p95AboveMs: 200, successBelowPct: 95 });
    expect(d?.axes).toEqual({ latencyTopMs: 250, pctTop: 150 });
  });

  it('stress chart axes: the breaking label has the top band to itself; the latency bound and the success floor are separate lines', () => {
    // Where a measured run put them with ×1.12 and 0–105 % axes: p99 297.5 ms under a 300-ms bound,
    // the bound's line at 89 % of the height, the 95 % floor's at 90 %, the label over both.
    const share = (v: number, top: number): number => v / top;
    for (const [max, bounds, floor] of [[297.5, [300], 95], [353, [300], 95], [40, [200, 100], 99], [1200, [], 90]] as Array<[number, number[], number]>) {
      const { latencyTopMs, pctTop } = stressAxes(max, bounds, floor);
      const lines = { curves: share(max, latencyTopMs) <= 0.8, bounds: bounds.every((b) => share(b, latencyTopMs) <= 0.8), success100: share(100, pctTop) <= 0.8 };
      expect({ max, bounds, lines }).toEqual({ max, bounds, lines: { curves: true, bounds: true, success100: true } });
      for (const b of bounds) expect({ max, b, apart: Math.abs(share(b, latencyTopMs) - share(floor, pctTop)) >= 0.08 }).toEqual({ max, b, apart: true });
    }
  });

  it('soak: one row per interval, the drift verdict with slopes, pod memory from pod-metrics.csv', () => {
    const plan = planOf('{ model: open, preset: soak, soak: { target: 10, duration: 5m, warmup: 1m } }');
    const rec = new PhaseRecorder(plan, T0);
    for (let m = 0; m < 5; m++) {
      feed(rec, 0, m * 60_000, (m + 1) * 60_000, 60, 100 + 10 * m);
      rec.sampleRss(T0 + m * 60_000 + 1000, 100 * 1024 * 1024);
    }
    const s = sampleSummary();
    s.preset = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 300_000, seconds: [] });
    const csv = ['time,pod,cpu_cores,memory_bytes',
      `${new Date(T0 + 30_000).toISOString()},web-a,0.1,${200 * 1048576}`, `${new Date(T0 + 30_000).toISOString()},web-b,0.1,${300 * 1048576}`,
      `${new Date(T0 + 150_000).toISOString()},web-a,0.1,${210 * 1048576}`, 'garbage line'].join('\n');
    const pods = parsePodMemory(csv);
    expect(pods).toHaveLength(3);
    expect(podMemoryPerInterval([0, 60, 120, 180, 240], 60, T0, pods)).toEqual([300, null, 210, null, null]);
    const html = page(s, pods);
    const table = /<table class="soak-intervals">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(table.match(/<tr><td class="num">\d/g)).toHaveLength(5);
    expect(table).toContain('<th class="num">pod memory (largest pod)</th>');
    expect(table).toContain('<td class="num">300 MiB</td>');
    // Minutes 2–5 after the warm-up: 110 → 140 ms, 10 ms a minute.
    expect(html).toContain('Drift: DRIFTING (avg latency) over 4 intervals (intervals 2–5): avg latency +27.27% (slope +10 ms/min; limit +10%) ✗');
    expect(chartData(s, []).soak?.trend).toEqual({ first: 2, last: 5, from: 110, to: 140 });
  });

  it('soak: memory given back is no drift; the falling trend keeps its sign', () => {
    const plan = planOf('{ model: open, preset: soak, soak: { target: 10, duration: 5m, warmup: 1m } }');
    const rec = new PhaseRecorder(plan, T0);
    for (let m = 0; m < 5; m++) {
      feed(rec, 0, m * 60_000, (m + 1) * 60_000, 60, 100);
      rec.sampleRss(T0 + m * 60_000 + 1000, (140 - 10 * m) * 1024 * 1024);   // minutes 2–5: 130 → 100 MiB
    }
    const s = sampleSummary();
    s.preset = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 300_000, seconds: [] });
    const html = page(s);
    expect(html).toContain('<p><strong>Soak:</strong> <span class="good">Drift: STABLE over 4 intervals (intervals 2–5): avg latency +0% (slope +0 ms/min; limit +10%) ✓ · ' +
      'error rate +0 pp (slope +0 pp/min; limit +1 pp) ✓ · generator memory -23.08% (slope -10 MiB/min; limit +20%) ✓.</span>');
  });

  it('spike: time to recover in the header; the phases with sent and served', () => {
    const plan = planOf('{ model: open, preset: spike, spike: { baseline: 10, peak: 100, baselineDuration: 10s, spikeDuration: 10s, recoveryDuration: 10s, recoveryWindow: 3s } }');
    const rec = new PhaseRecorder(plan, T0);
    feed(rec, 0, 0, 10_000, 100, 100);
    feed(rec, 2, 10_000, 20_000, 1000, 400, (i) => i % 10 === 0);
    feed(rec, 4, 20_000, 30_000, 100, 100);
    const seconds = Array.from({ length: 30 }, (_, k) => ({ time: new Date(T0 + (k + 1) * 1000).toISOString(), elapsedS: k + 1, stage: 0, target: 0, rps: 10, p50: 100, p95: k + 1 > 20 && k + 1 <= 22 ? 500 : 100, p99: 0, errors: 0, vus: 0, inFlight: 0, dropped: 0 }));
    const s = sampleSummary();
    s.preset = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 30_000, seconds });
    const html = page(s);
    expect(html).toContain('<p><strong>Spike:</strong> <span class="good">Recovered 2s after the burst');
    // Served: 900 successes sent in the burst, less the 36 of its last 400 ms that arrive after it, plus the baseline's last one.
    expect(html).toMatch(/<tr><td>spike<\/td><td class="num">100\/s<\/td><td class="num">\+10s<\/td><td class="num">10s<\/td><td class="num">1000<\/td><td class="num">100\/s<\/td><td class="num">86.5\/s<\/td><td class="num">90%<\/td><td class="num">100<\/td>/);
    expect(chartData(s, []).events).toEqual([{ atS: 20, label: 'burst ends' }, { atS: 22, label: 'recovered +2 s' }]);
  });

  it('inference: time to first token and time per output token (p50/p95/p99) per request', () => {
    const rec = new InferenceRecorder(['gen'], T0);
    for (let i = 0; i < 10; i++) rec.onRequest({ ...record({ name: 'gen', at: T0 + i * 100, latencyMs: 300 }), tokens: 11, firstChunk: T0 + i * 100 + 100, streamed: true });
    const s = sampleSummary();
    s.inference = rec.stats(2);
    const html = page(s);
    const row = /<table class="inference">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(row).toContain('<td><code>gen</code></td><td class="num">10</td><td class="num">55</td><td class="num">11 (p95 11)</td><td class="num">100ms</td><td class="num">100ms</td><td class="num">100ms</td><td class="num">10</td><td class="num">20ms</td><td class="num">20ms</td><td class="num">20ms</td>');
    expect(html).toContain('<p><strong>Inference:</strong> <span class="">gen: 55 tokens/s · time to first token p95 100ms · time per output token p95 20ms</span>');
  });
});
