import { z } from 'zod';
import { parseDuration, parseDurationRange } from './duration';

/** Zod schemas for durations as people write them (duration.ts reads them). */

const durationInput = z.union([z.string(), z.number()], { error: 'expected a duration such as 500ms, 10s, 5m or a number of seconds' });

export const duration = durationInput.superRefine((value, ctx) => {
  try { parseDuration(value); } catch (err) { ctx.addIssue({ code: 'custom', message: (err as Error).message }); }
});

/** A bound on a wait: 0 would fail every request at once. */
export const positiveDuration = durationInput.superRefine((value, ctx) => {
  try {
    if (parseDuration(value) <= 0) ctx.addIssue({ code: 'custom', message: 'must be > 0' });
  } catch (err) { ctx.addIssue({ code: 'custom', message: (err as Error).message }); }
});

export const durationRange = durationInput.superRefine((value, ctx) => {
  try { parseDurationRange(value); } catch (err) { ctx.addIssue({ code: 'custom', message: (err as Error).message }); }
});

/** A request's timeout: 0 is not "no timeout" (nothing may hang); a very long one is written out, e.g. 10m. */
export const requestTimeout = durationInput.superRefine((value, ctx) => {
  try {
    if (parseDuration(value) <= 0) ctx.addIssue({ code: 'custom', message: 'must be > 0: every request needs a bound (there is no "no timeout"; for a very long one write e.g. 10m)' });
  } catch (err) { ctx.addIssue({ code: 'custom', message: (err as Error).message }); }
});
