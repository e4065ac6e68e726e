import type { LoadShare } from '../engine';
import { ShardConfigError } from './shard-config-error';

/** The environment variables of a distributed run (written into the Indexed Job by k8s/). */
export const SHARD_ENV = {
  /** Set by Kubernetes in every pod of an Indexed Job. */
  index: 'JOB_COMPLETION_INDEX',
  /** The Job's completions (= parallelism). */
  count: 'SCALETRACE_SHARDS',
  /** Shared start: ISO 8601 or epoch milliseconds. */
  startAt: 'SCALETRACE_START_AT',
  /** Without START_AT in a Job: start at the Job's creationTimestamp + this (default 30s). */
  startDelay: 'SCALETRACE_START_DELAY',
  /** Shared run id, e.g. the Job's `batch.kubernetes.io/controller-uid` label. */
  runId: 'SCALETRACE_RUN_ID',
  /** Optional: the Job's name, else read from this pod's `job-name` label. */
  jobName: 'SCALETRACE_JOB_NAME',
} as const;

/** "I/N" with 0 ≤ I < N, as `--shard` takes it. */
export function parseShardOption(text: string): LoadShare {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (m === null) throw new ShardConfigError(`--shard ${JSON.stringify(text)}: expected INDEX/COUNT, e.g. 0/4 (0-based index)`);
  return checked(Number(m[1]), Number(m[2]), '--shard');
}

/**
 * This process's shard: `--shard` wins, else JOB_COMPLETION_INDEX of SCALETRACE_SHARDS (an
 * Indexed Job pod), else undefined (not a distributed run).
 */
export function resolveShard(option: string | undefined, env: NodeJS.ProcessEnv): LoadShare | undefined {
  if (option !== undefined) return parseShardOption(option);
  const index = env[SHARD_ENV.index];
  if (index === undefined || index === '') return undefined;
  const count = env[SHARD_ENV.count];
  if (count === undefined || count === '') {
    throw new ShardConfigError(`${SHARD_ENV.index}=${index} is set (an Indexed Job pod) but ${SHARD_ENV.count} is not: set it to the Job's completions`);
  }
  if (!/^\d+$/.test(index.trim()) || !/^\d+$/.test(count.trim())) {
    throw new ShardConfigError(`${SHARD_ENV.index}=${JSON.stringify(index)} and ${SHARD_ENV.count}=${JSON.stringify(count)} must be whole numbers`);
  }
  return checked(Number(index), Number(count), `${SHARD_ENV.index}/${SHARD_ENV.count}`);
}

function checked(index: number, count: number, what: string): LoadShare {
  if (count < 1) throw new ShardConfigError(`${what}: the shard count must be at least 1 (got ${count})`);
  if (index >= count) throw new ShardConfigError(`${what}: index ${index} is not below the shard count ${count} (indexes are 0-based)`);
  return { index, count };
}
