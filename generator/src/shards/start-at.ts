import { parseDuration } from '../scenario';
import { SHARD_ENV } from './shard-spec';
import { ShardConfigError } from './shard-config-error';

export const DEFAULT_START_DELAY_MS = 30_000;

// Date.parse alone takes "-5" or "May 3" too; shards must not disagree on what a loose date means.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** How the shared start was found (recorded in shard.json). */
export type StartSource = 'start-at' | 'job-creation' | 'unsynchronised';

export interface SharedStart {
  /** Epoch ms; undefined = start now. */
  at?: number;
  source: StartSource;
}

/** ISO 8601 (`2026-12-02T08:00:00Z`) or epoch milliseconds (`1796198400000`). */
export function parseStartAt(text: string): number {
  const t = text.trim();
  const ms = /^\d+$/.test(t) ? Number(t) : ISO_8601.test(t) ? Date.parse(t) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new ShardConfigError(`${SHARD_ENV.startAt}=${JSON.stringify(text)}: expected an ISO 8601 time (2026-12-02T08:00:00Z) or epoch milliseconds`);
  }
  return ms;
}

export function parseStartDelay(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_START_DELAY_MS;
  try {
    return parseDuration(text);
  } catch (error) {
    throw new ShardConfigError(`${SHARD_ENV.startDelay}: ${(error as Error).message}`);
  }
}

/**
 * The start every shard shares: SCALETRACE_START_AT when set; else, in an Indexed Job, the Job's
 * creationTimestamp + SCALETRACE_START_DELAY (the same for every pod, however late it was
 * scheduled); else none. `jobCreatedAt` reads the Job (Kubernetes API); when it fails the run
 * starts unsynchronised and says why through `warn`.
 */
export async function resolveSharedStart(opts: {
  env: NodeJS.ProcessEnv;
  inJob: boolean;
  jobCreatedAt: () => Promise<number>;
  warn: (message: string) => void;
}): Promise<SharedStart> {
  const { env } = opts;
  const explicit = env[SHARD_ENV.startAt];
  if (explicit !== undefined && explicit.trim() !== '') return { at: parseStartAt(explicit), source: 'start-at' };
  if (!opts.inJob) return { source: 'unsynchronised' };
  const delay = parseStartDelay(env[SHARD_ENV.startDelay]);
  try {
    return { at: (await opts.jobCreatedAt()) + delay, source: 'job-creation' };
  } catch (error) {
    opts.warn(`cannot read the Job's creationTimestamp (${(error as Error).message}); starting now, not aligned with the other shards — set ${SHARD_ENV.startAt} to align them`);
    return { source: 'unsynchronised' };
  }
}

/** How late this shard starts (0 when on time), and when to begin waiting. */
export function startDelayFrom(now: number, at: number | undefined): { waitMs: number; lateMs: number } {
  if (at === undefined) return { waitMs: 0, lateMs: 0 };
  return { waitMs: Math.max(0, at - now), lateMs: Math.max(0, now - at) };
}
