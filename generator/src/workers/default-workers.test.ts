import { testScenario } from '../results/test-fixtures';
import { availableCores } from './available-cores';
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

describe('every scenario follows the same rule (every recorder merges across threads)', () => {
  it('inference extraction and presets: as many workers as the load needs', () => {
    const big = open(20_000);
    const extracting: Scenario = { ...big, requests: big.requests.map((r, i) => (i === 0 ? { ...r, extract: { tokens: '$.usage.completion_tokens', firstChunk: true } } : r)) };
    const preset: Scenario = { ...big, preset: { name: 'spike', unit: 'rate', phases: [] } };
    expect(defaultWorkers(extracting, 8)).toBe(8);
    expect(defaultWorkers(preset, 8)).toBe(8);
    expect(defaultWorkers({ ...preset, load: open(50).load }, 8)).toBe(1);
  });
});

describe('available cores honour a cgroup CPU limit (a pod\'s limits.cpu)', () => {
  const files = (entries: Record<string, string>) => (file: string): string | undefined => entries[file];
  it.each([
    [{ '/sys/fs/cgroup/cpu.max': '100000 100000\n' }, 16, 1],
    [{ '/sys/fs/cgroup/cpu.max': '250000 100000' }, 16, 2],
    [{ '/sys/fs/cgroup/cpu.max': '50000 100000' }, 16, 1],
    [{ '/sys/fs/cgroup/cpu.max': 'max 100000' }, 16, 16],
    [{ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '400000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }, 16, 4],
    [{ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }, 8, 8],
    [{}, 2, 2],
    [{ '/sys/fs/cgroup/cpu.max': '800000 100000' }, 2, 2],
  ])('%j on %i CPUs → %i', (entries, cpus, expected) => {
    expect(availableCores(files(entries), cpus)).toBe(expected);
  });
});
