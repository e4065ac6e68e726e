/** Distributed runs: which shard this process is, when all shards start, and shard.json. */
export { SHARD_ENV, parseShardOption, resolveShard } from './shard-spec';
export { ShardConfigError } from './shard-config-error';
export { DEFAULT_START_DELAY_MS, parseStartAt, parseStartDelay, resolveSharedStart, startDelayFrom, type SharedStart, type StartSource } from './start-at';
export { readJobCreatedAt } from './job-creation';
export { SHARD_FILE, SHARD_SCHEMA_VERSION, readShardFiles, writeShardFile, type ShardFile, type ShardMeta } from './shard-file';
export { waitForStart } from './wait-for-start';
export { resolveDistributedRun, type DistributedRun } from './distributed-run';
