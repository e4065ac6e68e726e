import { parseScenario } from '../scenario';
import { buildPresetReport, InferenceRecorder, PhaseRecorder, type Summary } from '../results';
import { sampleSummary } from '../results/sample-summary';
import { record } from '../results/test-fixtures';
import { compareMarkdown } from './compare-markdown';
import { comparePage } from './compare-page';
import { compareRuns } from './compare-runs';
import type { LoadedRun } from './load-runs';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function loaded(label: string, summary: Summary, baseline = false): LoadedRun {
  return { label, dir: `/r/${label}`, summary, rows: [], failures: [], baseline };
}

function presetRecorder(load: string): PhaseRecorder {
  const s = parseScenario(`name: t\ntarget: http://127.0.0.1:9\nrequests: [ { name: predict } ]\nload: ${load}\n`, '/tmp/t.yaml');
  if (!s.preset) throw new Error('no preset');
  return new PhaseRecorder(s.preset, T0);
}

function feed(rec: PhaseRecorder, stage: number, fromMs: number, toMs: number, n: number, latency: number, failed: (i: number) => boolean = () => false): void {
  for (let i = 0; i < n; i++) rec.onRequest(record({ stage, at: T0 + fromMs + ((toMs - fromMs) * i) / n, latencyMs: latency, errorType: failed(i) ? '503' : undefined }));
}

/** A soak whose latency holds at 100 ms while the generator's memory grows 100 → 130 MiB: drifting on memory alone. */
function soakRun(): Summary {
  const rec = presetRecorder('{ model: open, preset: soak, soak: { target: 10, duration: 5m, warmup: 1m } }');
  for (let m = 0; m < 5; m++) {
    feed(rec, 0, m * 60_000, (m + 1) * 60_000, 60, 100);
    rec.sampleRss(T0 + m * 60_000 + 1000, (100 + 10 * Math.max(0, m - 1)) * 1024 * 1024);
  }
  const s = sampleSummary();
  s.preset = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 300_000, seconds: [] });
  return s;
}

/** A spike whose burst is sent at 100/s and fails one request in two. */
function spikeRun(): Summary {
  const rec = presetRecorder('{ model: open, preset: spike, spike: { baseline: 10, peak: 100, baselineDuration: 10s, spikeDuration: 10s, recoveryDuration: 10s } }');
  feed(rec, 0, 0, 10_000, 100, 10);
  feed(rec, 2, 10_000, 20_000, 1000, 10, (i) => i % 2 === 0);
  feed(rec, 4, 20_000, 30_000, 100, 10);
  const s = sampleSummary();
  s.preset = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 30_000, seconds: [] });
  return s;
}

/** A stress run that breaks at its second step (20/s: 75 % success). */
function stressRun(): Summary {
  const rec = presetRecorder('{ model: open, preset: stress, stress: { start: 10, step: 10, max: 30, stepDuration: 10s, breakWhen: { successBelow: 95% } } }');
  feed(rec, 0, 0, 10_000, 100, 20);
  feed(rec, 2, 10_000, 20_000, 200, 20, (i) => i % 4 === 0);
  const s = sampleSummary();
  s.preset = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 20_000, seconds: [] });
  return s;
}

/** 10 streamed answers of 11 tokens, the first 100 ms after the send, one every 20 ms after it. */
function inferenceRun(): Summary {
  const rec = new InferenceRecorder(['gen'], T0);
  for (let i = 0; i < 10; i++) rec.onRequest({ ...record({ name: 'gen', at: T0 + i * 100, latencyMs: 300 }), tokens: 11, firstChunk: T0 + i * 100 + 100, streamed: true });
  const s = sampleSummary();
  delete s.requests.health;
  s.inference = rec.stats(2);
  return s;
}

describe('compare over runs of different kinds (stress, spike, soak, inference)', () => {
  it('rps is the served rate (successful responses per second), as its column, chart and docs say', () => {
    // sampleSummary: 100 requests in 2 s (50/s), 2 failed; health 10 in 2 s (5/s), 2 failed.
    const c = compareRuns([loaded('a', sampleSummary(), true), loaded('b', sampleSummary())]);
    expect(c.runs[0]?.totals.rps).toBe(49);
    expect(c.runs[0]?.requests.health?.rps).toBe(4);
    expect(c.runs[0]?.requests.predict?.rps).toBe(45);
    expect(comparePage(c, [[], []])).toContain('<th class="num">rps (served)</th>');
    expect(compareMarkdown(c)).toContain('| Requests | rps (served) | success |');
  });

  it('a request the baseline does not have gets no delta, and a run without it says so', () => {
    const c = compareRuns([loaded('base', inferenceRun(), true), loaded('spike', spikeRun())]);
    // Against a baseline without `health` there is nothing to be "+4/s" over.
    expect(c.runs[1]?.deltas?.requests.health).toBeUndefined();
    const html = comparePage(c, [[], []]);
    const health = /<th scope="rowgroup" rowspan="2"><code>health<\/code><\/th>[\s\S]*?<\/tr>[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(health).toContain('<td class="muted" colspan="6">not in this run</td>');
    expect(health).not.toContain('class="delta');
    expect(compareMarkdown(c)).toContain('| `base` (baseline) | not in this run |');
  });

  it('soak: the verdict names the trend that tripped, with every judged trend and the intervals fitted', () => {
    const c = compareRuns([loaded('spike', spikeRun(), true), loaded('soak', soakRun())]);
    expect(c.runs[1]?.preset?.soak).toEqual({
      verdict: 'drifting', intervals: 5, fittedIntervals: 4, latencyChangePct: 0, p95ChangePct: 0, errorRateChange: 0, memoryChangePct: 30, exceeded: ['generator memory'],
    });
    const html = comparePage(c, [[], []]);
    const soak = /<section id="soak">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(soak).toContain('<td>drifting (generator memory)</td><td class="num">4 of 5</td><td class="num">0%</td><td class="num">0.00pp</td><td class="num bad">+30% ✗</td>');
    expect(compareMarkdown(c)).toContain('| `soak` | drifting (generator memory) | 4 of 5 | 0% | 0.00pp | +30% ✗ | 0% |');
  });

  it('spike: each phase shows what the target served of what was sent', () => {
    const c = compareRuns([loaded('spike', spikeRun(), true), loaded('soak', soakRun())]);
    const burst = c.runs[0]?.preset?.spike?.phases[1];
    // 500 successes sent in the burst, the last of them answered (10 ms later) in the recovery: 499 served in 10 s.
    expect([burst?.rps, burst?.served, burst?.successRate]).toEqual([100, 49.9, 0.5]);
    expect(comparePage(c, [[], []])).toContain('<td class="num">10ms · 50% · 49.9/s of 100/s</td>');
    expect(compareMarkdown(c)).toContain('| spike | 10ms · 50% · 49.9/s of 100/s |');
  });

  it('stress targets carry their unit; a spike run\'s column heads its right-aligned figures', () => {
    const c = compareRuns([loaded('stress', stressRun(), true), loaded('spike', spikeRun())]);
    const html = comparePage(c, [[], []]);
    const stress = /<section id="stress">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(stress).toContain('<td class="num">20/s</td><td class="num">10/s</td><td>success 75% &lt; 95%</td><td>10/s: 20ms · 20/s: 20ms</td>');
    expect(compareMarkdown(c)).toContain('| `stress` (baseline) | 20/s | 10/s | success 75% < 95% |');
    expect(html).toMatch(/<thead><tr><th>phase<\/th><th class="num"><span class="swatch"[^>]*><\/span><code>spike<\/code><\/th><\/tr><\/thead>/);
  });

  it('inference: tokens/s, time to first token and per output token beside runs without extract:', () => {
    const c = compareRuns([loaded('spike', spikeRun(), true), loaded('llm', inferenceRun())]);
    expect(c.runs[1]?.inference).toEqual({ gen: { responses: 10, tokensPerS: 55, tokensPerResponse: 11, firstTokenP95: 100, streamed: 10, timePerOutputTokenP95: 20 } });
    expect(c.runs[0]?.inference).toBeUndefined();
    const html = comparePage(c, [[], []]);
    const section = /<section id="inference">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(section).toContain('Not in <code>spike</code> (no <code>extract:</code>).');
    expect(section).toContain('<code>llm</code></td><td class="num">10</td><td class="num">55</td><td class="num">11</td><td class="num">100ms</td><td class="num">10</td><td class="num">20ms</td></tr>');
    expect(compareMarkdown(c)).toContain('| `gen` | `llm` | 10 | 55 | 11 | 100ms | 10 | 20ms |');
  });
});
