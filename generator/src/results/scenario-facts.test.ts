import { parseScenario } from '../scenario';
import { formatSummary } from './format-summary';
import { RunAggregator } from './run-aggregator';
import { peakReached, usersOrRate } from './scenario-facts';
import { summaryMarkdown } from './summary-markdown';
import { record, testScenario } from './test-fixtures';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const noSpans = { created: 0, exported: 0, spilled: 0, dropped: 0 };

/**
 * A stress plan of 60 → 360/s in steps of 60 every 10 s (stages: 60/s, then a 0-s jump and a 10-s
 * hold per step), stopped at its breaking point 5 s into step 3 (180/s).
 */
function stoppedStress() {
  const scenario = parseScenario('name: s\ntarget: http://127.0.0.1:9\nrequests: [ { name: predict } ]\n' +
    'load: { model: open, preset: stress, stress: { start: 60, step: 60, max: 360, stepDuration: 10s } }\n', '/tmp/s.yaml');
  const agg = new RunAggregator({ scenario, runId: 'r', startedAt: T0 });
  agg.onStage(0, T0);
  for (let i = 0; i < 10; i++) agg.onRequest(record({ stage: 0, at: T0 + i * 1000, latencyMs: 10 }));
  agg.onStage(1, T0 + 10_000);
  agg.onStage(2, T0 + 10_000);
  for (let i = 0; i < 10; i++) agg.onRequest(record({ stage: 2, at: T0 + 10_000 + i * 1000, latencyMs: 10 }));
  agg.onStage(3, T0 + 20_000);
  agg.onStage(4, T0 + 20_000);
  for (let i = 0; i < 5; i++) agg.onRequest(record({ stage: 4, at: T0 + 20_000 + i * 1000, latencyMs: 10 }));
  return agg.buildSummary({ endedAt: T0 + 25_000, status: 'passed', spans: noSpans, telemetry: { spans: noSpans, metricsExported: false } });
}

describe('the peak target a run reached', () => {
  it('a ramp cut short counts up to where it got; a run that got to the end reaches the plan', () => {
    // Open: 10/s → 50/s over 10 s, then → 200/s over 10 s.
    const open = testScenario();
    expect(usersOrRate(open)).toBe(200);
    expect(peakReached(open, [{ index: 0, durationS: 10 }, { index: 1, durationS: 4 }])).toBe(110);
    expect(peakReached(open, [{ index: 0, durationS: 10 }, { index: 1, durationS: 10.2 }])).toBe(200);
    expect(peakReached(open, [{ index: 0, durationS: 2.5 }])).toBe(20);
    expect(peakReached(open, [])).toBe(0);
    // Closed: 1 → 20 VUs over 10 s, stopped after 2.5 s: 5.75, whole VUs.
    expect(peakReached(testScenario([], 'closed'), [{ index: 0, durationS: 2.5 }])).toBe(6);
  });

  it('a stress run stopped at step 3: summary.json, the console and summary.md say 180/s of planned 360/s', () => {
    const s = stoppedStress();
    expect([s.run.usersOrRate, s.run.peakReached]).toEqual([360, 180]);
    expect(formatSummary(s, { color: false })).toMatch(/^ {4}peak_target \.+: 180\/s of planned 360\/s$/m);
    expect(summaryMarkdown(s)).toContain('open model against http://127.0.0.1:9, 2026-01-01T12:00:00.000Z → 2026-01-01T12:00:25.000Z (25s), peak target 180/s of planned 360/s.');
  });

  it('the stage lists leave the 0-s jump stages out, as report.html does', () => {
    const s = stoppedStress();
    expect(s.stages.map((st) => [st.index, st.durationS, st.requests])).toEqual([[0, 10, 10], [1, 0, 0], [2, 10, 10], [3, 0, 0], [4, 5, 5]]);
    const lines = formatSummary(s, { color: false }).split('\n');
    const at = lines.indexOf('  STAGES  (2 jump stages of 0 s not listed)');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 5).map((l) => l.replace(/ {2}p95=.*/, ''))).toEqual([
      '    #0 target 60  10s  10 req  1/s',
      '    #2 target 120  10s  10 req  1/s',
      '    #4 target 180  5s  5 req  1/s',
      '',
    ]);
    const md = summaryMarkdown(s);
    const section = md.slice(md.indexOf('## Per stage'), md.indexOf('## Errors'));
    expect(section).toContain('2 jump stages (0 s: the target changes at once) not listed; the next stage starts at the new target.');
    expect(section.split('\n').filter((l) => /^\| \d/.test(l)).map((l) => l.split(' | ').slice(0, 2).join(' | '))).toEqual(['| 0 | 60', '| 2 | 120', '| 4 | 180']);
  });
});
