/** Bad shard settings (`--shard`, JOB_COMPLETION_INDEX, SCALETRACE_*): exit 2, message as-is. */
export class ShardConfigError extends Error {
  override readonly name = 'ShardConfigError';
}
