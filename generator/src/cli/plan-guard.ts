import { describeLoad, formatDuration, totalDurationMs, type Scenario } from '../scenario';
import { UsageError } from './exit-codes';

/** `--max-duration` when not given (docs/scenario.md). */
export const DEFAULT_MAX_DURATION_MS = 3_600_000;

/**
 * What `scaletrace run` prints on stderr before a preset run starts, --quiet or not: the stages
 * the preset expands to and the total, so ten minutes of defaults never start unannounced.
 */
export function presetPlanNotice(s: Scenario): string | undefined {
  if (s.preset === undefined) return undefined;
  const lines = describeLoad(s, { listStages: true });
  return `scaletrace: plan of the ${s.preset.name} preset:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** Refuses (exit 2) a plan that runs longer than `--max-duration`; an iteration-bound run has no planned length. */
export function checkMaxDuration(s: Scenario, maxMs: number): void {
  const total = totalDurationMs(s.load);
  if (total === undefined || total <= maxMs) return;
  // Rounded up, so the suggested value lets the plan through.
  const enough = total >= 60_000 ? Math.ceil(total / 60_000) * 60_000 : Math.ceil(total / 1000) * 1000;
  const what = s.preset ? `the ${s.preset.name} preset${s.preset.defaults ? ` (its defaults: no load.${s.preset.name} block)` : ''} runs` : 'the plan runs';
  throw new UsageError(`${what} ${formatDuration(total)}, longer than --max-duration ${formatDuration(maxMs)}: ` +
    `run it with --max-duration ${formatDuration(enough)} (or shorten the plan)`);
}
