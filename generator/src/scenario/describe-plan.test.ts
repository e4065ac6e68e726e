import * as path from 'node:path';
import { describePlan, loadScenario, totalDurationMs } from './index';
import { FIXTURES, parse, withLoad } from './test-helpers';

describe('describePlan', () => {
  it('open model: mix, ramps, total duration and expected requests', () => {
    const plan = describePlan(loadScenario(path.join(FIXTURES, 'smoke.yaml')));
    expect(plan).toContain('scenario "smoke" — open model');
    expect(plan).toMatch(/predict\s+POST\s+http:\/\/127\.0\.0\.1:8080\/predict\s+75\.0%\s+timeout 5s/);
    expect(plan).toMatch(/health\s+GET\s+http:\/\/127\.0\.0\.1:8080\/health\s+25\.0%\s+timeout 30s/);
    expect(plan).toMatch(/0: 10s\s+50 req\/s/);
    expect(plan).toMatch(/1: 30s\s+50 → 200 req\/s/);
    // 10 s × 50 + 30 s × (50 + 200) / 2 = 4250 arrivals
    expect(plan).toContain('total: 40s, ~4250 requests, maxInFlight 500');
    expect(plan).toContain('thresholds: p95 < 500ms; error_rate < 1%; predict: p99 < 1s; rps > 100');
  });

  it('closed model with iterations, ramps and think time', () => {
    expect(describePlan(loadScenario(path.join(FIXTURES, 'closed-1000.yaml')))).toContain('10 VUs share 1000 iterations');
    const ramp = describePlan(parse(withLoad('{ model: closed, startVus: 1, stages: [ { duration: 1m, vus: 20 } ], thinkTime: 200ms..800ms }',
      'thresholds: [ { threshold: "p95 < 1s", abortOnFail: true } ]')));
    expect(ramp).toMatch(/0: 1m\s+1 → 20 VUs/);
    expect(ramp).toContain('total: 1m');
    expect(ramp).toContain('think time: 200ms..800ms');
    expect(ramp).toContain('p95 < 1s (abortOnFail)');
  });
});

describe('describePlan with flows and data', () => {
  it('flows share the mix with requests; steps with their think time; data sources', () => {
    const file = path.resolve(__dirname, '../../scenarios/journey.yaml');
    const plan = describePlan(loadScenario(file));
    expect(plan).toMatch(/requests:\n {2}stats\s+GET\s+http:\/\/127\.0\.0\.1:8080\/stats\s+25\.0%\s+timeout 30s/);
    expect(plan).toMatch(/flows:\n {2}predict-journey\s+75\.0% of iterations, 3 steps, cookies/);
    expect(plan).toMatch(/ {4}predict\s+POST\s+http:\/\/127\.0\.0\.1:8080\/predict\?prompt=\$\{data\.prompts\.id\}\s+timeout 30s\s+think 100ms\.\.300ms/);
    expect(plan).toContain(`data:\n  users            csv    sequential ${path.resolve(path.dirname(file), 'data/users.csv')}`);
  });
});

describe('totalDurationMs', () => {
  it('sums the stages; undefined for an iteration-bound run', () => {
    expect(totalDurationMs({ model: 'open', maxInFlight: 1, stages: [{ durationMs: 1000, rate: 1 }, { durationMs: 500, rate: 2 }] })).toBe(1500);
    expect(totalDurationMs({ model: 'closed', stages: [{ durationMs: 0, vus: 2 }], iterations: 10 })).toBeUndefined();
  });
});
