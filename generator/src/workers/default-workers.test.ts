import { testScenario } from '../results/test-fixtures';
import { defaultWorkers, needsOneThread } from './default-workers';
import type { Scenario } from '../scenario';

const open = (rate: number): Scenario => ({ ...testScenario(), load: { model: 'open', stages: [{ durationMs: 1000, rate }], maxInFlight: 0 } });
const closed = (vus: number): Scenario => ({ ...testScenario(), load: { model: 'closed', stages: [{ durationMs: 1000, vus }] } });

describe('default --workers: one per core for large runs, one thread for small ones', () => {
  it.each([
    [open(50), 8, 1], [open(1999), 8, 1], [open(2000), 8, 2], [open(20_000), 8, 8], [open(20_000), 2, 2],
    [closed(10), 4, 1], [closed(64), 4, 2], [closed(1000), 4, 4],
  ])('%#', (scenario, cores, expected) => {
    expect(defaultWorkers(scenario, cores)).toBe(expected);
  });
});

describe('scenarios that need one thread', () => {
  it('inference extraction records responses in one thread: default 1 whatever the rate', () => {
    const big = open(20_000);
    const extracting: Scenario = { ...big, requests: big.requests.map((r, i) => (i === 0 ? { ...r, extract: { tokens: '$.usage.completion_tokens', firstChunk: true } } : r)) };
    expect(needsOneThread(big)).toBeUndefined();
    expect(needsOneThread(extracting)).toMatch(/extract/);
    expect(defaultWorkers(extracting, 8)).toBe(1);
  });
});
