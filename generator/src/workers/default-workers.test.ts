import { testScenario } from '../results/test-fixtures';
import { defaultWorkers } from './default-workers';
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
