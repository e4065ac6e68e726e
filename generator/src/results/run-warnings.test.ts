import { RunAggregator } from './run-aggregator';
import { runWarnings } from './run-warnings';
import { formatSummary } from './format-summary';
import { statusForExit } from './exit-status';
import { summaryMarkdown } from './summary-markdown';
import { record, testScenario } from './test-fixtures';
import type { Summary } from './types';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/** `failed` of `total` requests failed (refused: no response, so no time to first byte). */
function summaryOf(opts: { total: number; failed: number; thresholds?: string[]; model?: 'open' | 'closed'; dataExhausted?: string }): Summary {
  const agg = new RunAggregator({ scenario: testScenario(opts.thresholds ?? [], opts.model ?? 'closed'), runId: 'r', startedAt: T0 });
  agg.onStage(0, T0);
  for (let i = 0; i < opts.total; i++) {
    const failed = i < opts.failed;
    agg.onRequest(record({ at: T0 + i, latencyMs: failed ? 1 : 20, ttfbMs: failed ? undefined : 5, errorType: failed ? 'ECONNREFUSED' : undefined }));
  }
  const spans = { created: 0, exported: 0, spilled: 0, dropped: 0 };
  return agg.buildSummary({ endedAt: T0 + 1000, status: 'passed', spans, telemetry: { spans, metricsExported: false }, dataExhausted: opts.dataExhausted });
}

describe('a run the exit code would call a success', () => {
  it('every request failed and no threshold: still exit 0 (k6), but a WARNING first in the console, summary.json and summary.md', () => {
    const s = summaryOf({ total: 40, failed: 40 });
    expect(s.run.status).toBe('passed');
    expect(statusForExit(s)).toBe(0);
    const warning = 'every request failed (40 of 40: ECONNREFUSED 40) and no threshold checks errors, so the exit code does not reflect them: ' +
      'add one such as "error_rate < 1%" to thresholds';
    expect(s.warnings).toEqual([warning]);
    const lines = formatSummary(s, { color: false }).split('\n');
    expect(lines.slice(0, 2)).toEqual(['no thresholds defined', `WARNING: ${warning}`]);
    expect(summaryMarkdown(s)).toContain(`# ScaleTrace run r: unit — PASSED\n\n> **Warning:** ${warning}\n`);
  });

  it('most requests failed: the share is named; below half, or with a threshold on errors, no warning', () => {
    expect(summaryOf({ total: 40, failed: 30 }).warnings?.[0]).toMatch(/^75% of requests failed \(30 of 40: ECONNREFUSED 30\) and no threshold checks errors/);
    expect(summaryOf({ total: 40, failed: 19 }).warnings).toBeUndefined();
    // A latency threshold does not see errors (refusals are fast): still a warning.
    expect(summaryOf({ total: 40, failed: 40, thresholds: ['p95 < 1s'] }).warnings).toHaveLength(1);
    for (const t of ['error_rate < 1%', 'predict: success_rate > 99%', 'failed < 5']) {
      expect(summaryOf({ total: 40, failed: 40, thresholds: [t] }).warnings).toBeUndefined();
    }
  });

  it('no request at all is said too', () => {
    expect(summaryOf({ total: 0, failed: 0 }).warnings).toEqual(['no request completed: nothing was measured']);
  });
});

describe('a run cut short because a pick: unique data source ran out', () => {
  const exhausted = 'the run ended early: data source "users" (pick: unique, each row once) ran out of rows, so the run lasted 1s of the planned 10s: add rows or shorten the load';

  it('summary.json names the source and the warning comes first, in the console and summary.md too', () => {
    const s = summaryOf({ total: 40, failed: 40, dataExhausted: 'users' });
    expect(s.dataExhausted).toBe('users');
    expect(s.warnings?.[0]).toBe(exhausted);
    expect(s.warnings?.[1]).toMatch(/^every request failed/);
    expect(formatSummary(s, { color: false }).split('\n').slice(0, 2)).toEqual(['no thresholds defined', `WARNING: ${exhausted}`]);
    expect(summaryMarkdown(s)).toContain(`# ScaleTrace run r: unit — PASSED\n\n> **Warning:** ${exhausted}\n`);
    const ok = summaryOf({ total: 10, failed: 0, dataExhausted: 'users' });
    expect(ok.warnings).toEqual([exhausted]);
    expect(summaryOf({ total: 10, failed: 0 })).not.toHaveProperty('dataExhausted');
  });

  it('several sources are each named; an iteration-bound run has no planned length to compare with', () => {
    const totals = summaryOf({ total: 10, failed: 0 }).totals;
    expect(runWarnings([], totals, 'passed', { dataExhausted: 'users, items', durationS: 12.34, plannedMs: 60_000 })).toEqual([
      'the run ended early: data sources "users", "items" (pick: unique, each row once) ran out of rows, so the run lasted 12s of the planned 1m00s: add rows or shorten the load',
    ]);
    expect(runWarnings([], totals, 'passed', { dataExhausted: 'users', durationS: 3.25 })).toEqual([
      'the run ended early: data source "users" (pick: unique, each row once) ran out of rows, so the run lasted 3.3s: add rows or shorten the load',
    ]);
  });
});

describe('values that cannot be anything but empty are not printed as numbers', () => {
  it('no response ever arrived: time to first byte is n/a (null in summary.json), not avg=0µs', () => {
    const s = summaryOf({ total: 10, failed: 10 });
    expect(s.totals.ttfb).toBeNull();
    expect(s.requests.predict?.ttfb).toBeNull();
    expect(JSON.parse(JSON.stringify(s)).totals.ttfb).toBeNull();
    expect(formatSummary(s, { color: false })).toMatch(/^ {4}http_req_ttfb \.+: n\/a \(no response arrived\)$/m);
    expect(summaryMarkdown(s)).toContain('| time to first byte | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |');
    expect(summaryOf({ total: 10, failed: 5 }).totals.ttfb).toMatchObject({ min: 5, max: 5 });
  });

  it('closed model: no dropped_arrivals or schedule_lag (0 by construction); the open model keeps both', () => {
    const closed = summaryOf({ total: 10, failed: 0, model: 'closed' });
    const text = formatSummary(closed, { color: false });
    expect(text).not.toMatch(/dropped_arrivals|schedule_lag/);
    const md = summaryMarkdown(closed);
    expect(md).toContain('| Requests | Failed | Error rate | RPS | Received |');
    expect(md).toContain('| Stage | Target | Started | Duration | Requests | Failed | RPS | p50 | p95 | p99 |');
    expect(md).not.toContain('schedule lag');

    const open = summaryOf({ total: 10, failed: 0, model: 'open' });
    expect(formatSummary(open, { color: false })).toMatch(/dropped_arrivals \.+: 0[\s\S]*schedule_lag \.+: avg=/);
    expect(summaryMarkdown(open)).toContain('| Requests | Failed | Error rate | RPS | Dropped | Received |');
    expect(summaryMarkdown(open)).toMatch(/\| schedule lag \| /);
  });
});
