import { parseShardOption, resolveShard } from './shard-spec';
import { DEFAULT_START_DELAY_MS, parseStartAt, resolveSharedStart, startDelayFrom } from './start-at';
import { ShardConfigError } from './shard-config-error';

describe('which shard: --shard or the Indexed Job environment', () => {
  it('parses INDEX/COUNT, 0-based', () => {
    expect(parseShardOption('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShardOption(' 3 / 4 ')).toEqual({ index: 3, count: 4 });
    for (const bad of ['4/4', '1/0', '-1/2', 'a/b', '2', '1/2/3']) expect(() => parseShardOption(bad)).toThrow(ShardConfigError);
  });

  it('--shard wins over JOB_COMPLETION_INDEX; the env needs SCALETRACE_SHARDS', () => {
    const env = { JOB_COMPLETION_INDEX: '2', SCALETRACE_SHARDS: '5' };
    expect(resolveShard(undefined, env)).toEqual({ index: 2, count: 5 });
    expect(resolveShard('1/3', env)).toEqual({ index: 1, count: 3 });
    expect(resolveShard(undefined, {})).toBeUndefined();
    expect(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: '0' })).toThrow(/SCALETRACE_SHARDS is not/);
    expect(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: '5', SCALETRACE_SHARDS: '5' })).toThrow(/not below/);
    expect(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: 'x', SCALETRACE_SHARDS: '5' })).toThrow(/whole numbers/);
  });
});

describe('shared start', () => {
  const created = Date.UTC(2026, 11, 2, 8, 0, 0);
  const noJob = (): Promise<number> => Promise.reject(new Error('not called'));

  it('SCALETRACE_START_AT as ISO 8601 or epoch ms', () => {
    expect(parseStartAt('2026-12-02T08:00:00Z')).toBe(created);
    expect(parseStartAt(String(created))).toBe(created);
    expect(parseStartAt('2026-12-02T09:00:00+01:00')).toBe(created);
    for (const bad of ['soon', '', '-5', '2026-13-45']) expect(() => parseStartAt(bad)).toThrow(/ISO 8601/);
  });

  it('explicit start wins; in a Job: creationTimestamp + SCALETRACE_START_DELAY (default 30 s); else none', async () => {
    const warn = jest.fn();
    await expect(resolveSharedStart({ env: { SCALETRACE_START_AT: String(created) }, inJob: true, jobCreatedAt: noJob, warn }))
      .resolves.toEqual({ at: created, source: 'start-at' });
    await expect(resolveSharedStart({ env: {}, inJob: true, jobCreatedAt: () => Promise.resolve(created), warn }))
      .resolves.toEqual({ at: created + DEFAULT_START_DELAY_MS, source: 'job-creation' });
    expect(DEFAULT_START_DELAY_MS).toBe(30_000);
    await expect(resolveSharedStart({ env: { SCALETRACE_START_DELAY: '1m30s' }, inJob: true, jobCreatedAt: () => Promise.resolve(created), warn }))
      .resolves.toEqual({ at: created + 90_000, source: 'job-creation' });
    await expect(resolveSharedStart({ env: {}, inJob: false, jobCreatedAt: noJob, warn })).resolves.toEqual({ source: 'unsynchronised' });
    expect(warn).not.toHaveBeenCalled();
    await expect(resolveSharedStart({ env: { SCALETRACE_START_DELAY: 'soon' }, inJob: true, jobCreatedAt: noJob, warn })).rejects.toThrow(/SCALETRACE_START_DELAY/);
  });

  it('every pod of a Job gets the same start, however late it was scheduled', async () => {
    const starts = await Promise.all([0, 1, 2].map(() =>
      resolveSharedStart({ env: {}, inJob: true, jobCreatedAt: () => Promise.resolve(created), warn: jest.fn() })));
    expect(new Set(starts.map((s) => s.at)).size).toBe(1);
    // one pod woke 10 s before the start, one 2 s after it
    expect(startDelayFrom(created + 20_000, starts[0]?.at)).toEqual({ waitMs: 10_000, lateMs: 0 });
    expect(startDelayFrom(created + 32_000, starts[1]?.at)).toEqual({ waitMs: 0, lateMs: 2000 });
    expect(startDelayFrom(created, undefined)).toEqual({ waitMs: 0, lateMs: 0 });
  });

  it('an unreadable Job starts unsynchronised and says so', async () => {
    const warn = jest.fn();
    const s = await resolveSharedStart({ env: {}, inJob: true, jobCreatedAt: () => Promise.reject(new Error('jobs.batch is forbidden')), warn });
    expect(s).toEqual({ source: 'unsynchronised' });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/forbidden.*SCALETRACE_START_AT/));
  });
});
