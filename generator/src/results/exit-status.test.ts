import { statusForExit } from './exit-status';
import { sampleSummary } from './sample-summary';
import type { ThresholdResult } from './types';

const passing: ThresholdResult[] = [{ expr: 'p95 < 1s', ok: true, value: 3, unit: 'ms' }];
const failing: ThresholdResult[] = [{ expr: 'p95 < 1ms', ok: false, value: 3, unit: 'ms' }];

describe('statusForExit', () => {
  it('0 when passed, 99 when failed or aborted, 130 when interrupted', () => {
    expect(statusForExit(sampleSummary({ status: 'passed', thresholds: passing }))).toBe(0);
    expect(statusForExit(sampleSummary({ status: 'passed', thresholds: [] }))).toBe(0);
    expect(statusForExit(sampleSummary({ status: 'failed', thresholds: failing }))).toBe(99);
    expect(statusForExit(sampleSummary({ status: 'aborted', thresholds: passing }))).toBe(99);
    expect(statusForExit(sampleSummary({ status: 'interrupted', thresholds: passing }))).toBe(130);
  });

  it('the aggregator marks a run with a failing threshold failed → 99', () => {
    const summary = sampleSummary();
    expect(summary.run.status).toBe('failed');
    expect(statusForExit(summary)).toBe(99);
  });

  it('99 when any threshold failed even if the status says passed; interrupted still wins', () => {
    expect(statusForExit(sampleSummary({ status: 'passed', thresholds: failing }))).toBe(99);
    expect(statusForExit(sampleSummary({ status: 'interrupted', thresholds: failing }))).toBe(130);
  });
});
