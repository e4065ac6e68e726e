/** `scaletrace merge`: one run's summary from its shards' shard.json files. */
export { mergeShards, type MergedRun } from './merge-shards';
export { mergeRequestLogs, type MergedRequestLog } from './merge-request-logs';
