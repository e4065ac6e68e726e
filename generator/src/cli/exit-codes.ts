/** Stable, documented exit codes (docs/results.md). */
export const EXIT = {
  passed: 0,
  runtimeFailure: 1,
  invalidInput: 2,
  thresholdsFailed: 99,
  interrupted: 130,
} as const;

/** An error whose message is already user-facing: printed as-is, no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
