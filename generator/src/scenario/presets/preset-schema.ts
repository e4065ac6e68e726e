import { z } from 'zod';
import { parseDuration } from '../duration';

/**
 * The preset fields of `load:` as written. `preset: NAME` picks one; each preset's parameters sit
 * in a block of the same name (`stress: { … }`), so one file can carry several and
 * `scaletrace run --preset NAME` picks among them (a missing block means the defaults).
 * Values (`target`, `baseline`, `peak`, `start`, …) are in the model's unit: req/s (open) or VUs (closed).
 */

export const PRESET_NAMES = ['spike', 'stress', 'soak', 'daily', 'progressive'] as const;
export type PresetName = typeof PRESET_NAMES[number];

const duration = z.union([z.string(), z.number()], { error: 'expected a duration such as 500ms, 10s, 5m or a number of seconds' })
  .superRefine((value, ctx) => {
    try { parseDuration(value); } catch (err) { ctx.addIssue({ code: 'custom', message: (err as Error).message }); }
  });

const level = z.number({ error: 'must be a number (req/s for the open model, VUs for the closed one)' }).min(0, { error: 'must be ≥ 0' });
const positive = z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' });

/** A fraction: `0.95` or `"95%"`. */
export const fraction = z.union([z.number(), z.string()], { error: 'expected a fraction such as 0.95 or "95%"' })
  .superRefine((value, ctx) => {
    const n = parseFraction(value);
    if (n === undefined) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a fraction (use e.g. 0.95 or "95%")` });
  });

export function parseFraction(value: number | string): number | undefined {
  const n = parseRatio(value);
  return n !== undefined && n <= 1 ? n : undefined;
}

/** A relative amount that may exceed 100 %: `0.2`, `"20%"`, `"300%"`. */
export const ratio = z.union([z.number(), z.string()], { error: 'expected a ratio such as 0.2 or "20%"' })
  .superRefine((value, ctx) => {
    if (parseRatio(value) === undefined) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a ratio (use e.g. 0.2 or "20%")` });
  });

export function parseRatio(value: number | string): number | undefined {
  const n = typeof value === 'number' ? value : /^\s*\d+(\.\d+)?\s*%\s*$/.test(value) ? Number.parseFloat(value) / 100 : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Clock time of day, "06:00" or "21:30" (24:00 allowed as the end of a day). */
const clock = z.string({ error: 'expected a time of day such as "06:00"' })
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'expected a time of day such as "06:00" (00:00 to 24:00)' });

export const spikeSchema = z.strictObject({
  baseline: level.optional(),
  peak: level.optional(),
  baselineDuration: duration.optional(),
  spikeDuration: duration.optional(),
  recoveryDuration: duration.optional(),
  /** Ramp into and out of the spike; 0 = a jump. */
  ramp: duration.optional(),
  /** Recovered once p95 is within this much of the baseline's p95 … */
  recoveryTolerance: ratio.optional(),
  /** … for this long without errors. */
  recoveryWindow: duration.optional(),
});

export const breakWhenSchema = z.strictObject({
  successBelow: fraction.optional(),
  avgAbove: duration.optional(),
  p95Above: duration.optional(),
});

export const stressSchema = z.strictObject({
  start: level.optional(),
  step: positive.optional(),
  max: level.optional(),
  stepDuration: duration.optional(),
  ramp: duration.optional(),
  breakWhen: breakWhenSchema.optional(),
  /** false: run every step and only mark the breaking point. */
  stopAtBreak: z.boolean().optional(),
});

export const soakSchema = z.strictObject({
  target: level.optional(),
  duration: duration.optional(),
  /** Length of one row of the table and one point of the drift fit (default 1m). */
  interval: duration.optional(),
  /** Time left out of the drift fit (connection set-up, JIT, caches warming). */
  warmup: duration.optional(),
  maxLatencyDrift: ratio.optional(),
  maxErrorDrift: fraction.optional(),
  maxMemoryDrift: ratio.optional(),
});

const dayPointSchema = z.strictObject({ at: clock, target: level });

export const dailySchema = z.strictObject({
  shape: z.enum(['weekday', 'weekend'], { error: 'must be "weekday" or "weekend" (or give points)' }).optional(),
  points: z.array(dayPointSchema).min(2, { error: 'needs at least two points' }).optional(),
  min: level.optional(),
  peak: level.optional(),
  from: clock.optional(),
  to: clock.optional(),
  timeScale: positive.optional(),
});

const phaseSchema = z.strictObject({
  name: z.string({ error: 'expected a phase name' }).min(1, { error: 'must not be empty' }),
  duration,
  from: level.optional(),
  target: level.optional(),
  /** Several targets, each reached in an equal share of the phase (an oscillation). */
  targets: z.array(level).min(1, { error: 'needs at least one target' }).optional(),
});

export const progressiveSchema = z.strictObject({
  profile: z.enum(['training'], { error: 'the built-in profile is "training" (or give phases)' }).optional(),
  phases: z.array(phaseSchema).min(1, { error: 'needs at least one phase' }).optional(),
  /** Multiplies every target (a 0.5 training profile for a smaller service). */
  scale: positive.optional(),
  timeScale: positive.optional(),
});

/** Fields both load models accept (spread into their strict schemas). */
export const presetLoadFields = {
  preset: z.enum(PRESET_NAMES, { error: `must be one of ${PRESET_NAMES.join(', ')}` }).optional(),
  spike: spikeSchema.optional(),
  stress: stressSchema.optional(),
  soak: soakSchema.optional(),
  daily: dailySchema.optional(),
  progressive: progressiveSchema.optional(),
};

export type RawSpike = z.infer<typeof spikeSchema>;
export type RawStress = z.infer<typeof stressSchema>;
export type RawSoak = z.infer<typeof soakSchema>;
export type RawDaily = z.infer<typeof dailySchema>;
export type RawProgressive = z.infer<typeof progressiveSchema>;
export type RawPresetFields = { [K in keyof typeof presetLoadFields]?: z.infer<typeof presetLoadFields[K]> };

/** Field names inside a preset block, for "did you mean" hints. */
export function presetKnownKeys(path: readonly PropertyKey[]): string[] | undefined {
  if (path[0] !== 'load' || path.length < 2) return undefined;
  const keys = (s: z.ZodObject): string[] => Object.keys(s.shape);
  const block = path[1];
  if (block === 'stress' && path[2] === 'breakWhen') return keys(breakWhenSchema);
  if (block === 'daily' && path[2] === 'points') return keys(dayPointSchema);
  if (block === 'progressive' && path[2] === 'phases') return keys(phaseSchema);
  const schemas: Record<string, z.ZodObject> = { spike: spikeSchema, stress: stressSchema, soak: soakSchema, daily: dailySchema, progressive: progressiveSchema };
  const s = typeof block === 'string' ? schemas[block] : undefined;
  return s && path.length === 2 ? keys(s) : undefined;
}
