import type { LoadShare } from '../engine';
import type { Scenario } from '../scenario';
import type { ShardFile } from './shard-file';
import { SHARD_ENV, resolveShard } from './shard-spec';
import { resolveSharedStart, startDelayFrom } from './start-at';
import { readJobCreatedAt } from './job-creation';

export interface DistributedRun {
  share: LoadShare;
  runId?: string;
  startAt?: number;
  start: ShardFile['start'];
  /** Shards other than 0 run without the Kubernetes watcher (it runs once, in shard 0). */
  scenario: Scenario;
}

/**
 * Everything that makes this process one shard of a distributed run, from `--shard` or an
 * Indexed Job's environment; undefined when it is not one. The run id is `--run-id`, else
 * SCALETRACE_RUN_ID — every shard must carry the same one (warned about when missing).
 */
export async function resolveDistributedRun(opts: {
  scenario: Scenario;
  shardOption?: string;
  runIdOption?: string;
  env: NodeJS.ProcessEnv;
  warn: (message: string) => void;
  now?: () => number;
  jobCreatedAt?: () => Promise<number>;
}): Promise<DistributedRun | undefined> {
  const { env } = opts;
  const share = resolveShard(opts.shardOption, env);
  if (share === undefined) return undefined;
  const runId = opts.runIdOption ?? nonEmpty(env[SHARD_ENV.runId]);
  if (runId === undefined && share.count > 1) {
    opts.warn(`shard ${share.index}/${share.count} without --run-id or ${SHARD_ENV.runId}: its run id is its own, so \`scaletrace merge\` will refuse to merge it with the other shards`);
  }
  const inJob = nonEmpty(env[SHARD_ENV.index]) !== undefined;
  const shared = await resolveSharedStart({
    env, inJob, warn: opts.warn, jobCreatedAt: opts.jobCreatedAt ?? (() => readJobCreatedAt(env)),
  });
  const { lateMs } = startDelayFrom((opts.now ?? Date.now)(), shared.at);
  if (lateMs > 0) opts.warn(`shard ${share.index}: the shared start ${new Date(shared.at ?? 0).toISOString()} passed ${(lateMs / 1000).toFixed(1)} s ago; starting now, behind the other shards`);
  const scenario = share.index === 0 || opts.scenario.kubernetes === undefined ? opts.scenario : { ...opts.scenario, kubernetes: undefined };
  return {
    share, runId, scenario,
    startAt: shared.at,
    start: { source: shared.source, ...(shared.at !== undefined ? { at: new Date(shared.at).toISOString() } : {}), lateMs },
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
