import type { Summary } from './types';

/** Stable exit codes (docs/results.md); the CLI's EXIT table uses the same numbers. */
export const EXIT_PASSED = 0;
export const EXIT_THRESHOLDS_FAILED = 99;
export const EXIT_INTERRUPTED = 130;

/** 130 when the user interrupted (even if thresholds failed), 99 when a threshold failed or aborted the run, else 0. */
export function statusForExit(summary: Summary): number {
  if (summary.run.status === 'interrupted') return EXIT_INTERRUPTED;
  if (summary.run.status === 'failed' || summary.run.status === 'aborted') return EXIT_THRESHOLDS_FAILED;
  if (summary.thresholds.some((t) => !t.ok)) return EXIT_THRESHOLDS_FAILED;
  return EXIT_PASSED;
}
