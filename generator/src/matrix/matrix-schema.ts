import { z } from 'zod';
import { durationRangeSchema, durationSchema, httpUrlSchema, k8sNameSchema } from '../scenario';

/** A matrix file as written. Objects are strict: a typo is an error, as in scenario files. */

const positiveInt = z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).positive({ error: 'must be > 0' });

const kubernetesSchema = z.strictObject({
  namespace: k8sNameSchema.optional(),
  context: z.string().min(1).optional(),
  kubeconfig: z.string().min(1).optional(),
  deployment: k8sNameSchema,
  hpa: k8sNameSchema.optional(),
});

const loadSchema = z.strictObject({
  model: z.enum(['open', 'closed'], { error: 'must be "open" (levels are rates, req/s) or "closed" (levels are VUs)' }),
  levels: z.array(z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' })).min(1, { error: 'needs at least one load level' }),
  maxInFlight: positiveInt.optional(),
  thinkTime: durationRangeSchema.optional(),
});

const mixSchema = z.strictObject({
  name: z.string({ error: 'expected a mix name' }).regex(/^[A-Za-z0-9_.-]+$/, { error: 'use letters, digits, "_", "-" or "."' }),
  weights: z.record(z.string(), z.number({ error: 'must be a number' }).min(0, { error: 'must be ≥ 0' }), { error: 'expected a mapping of request name → weight' }),
});

export const matrixSchema = z.strictObject({
  name: z.string({ error: 'expected a matrix name' }).min(1, { error: 'must not be empty' }),
  scenario: z.string({ error: 'expected the path of a scenario file (its target and requests; its load is replaced per cell)' }).min(1),
  target: httpUrlSchema.optional(),
  kubernetes: kubernetesSchema,
  replicas: z.array(positiveInt).min(1, { error: 'needs at least one replica count' }),
  load: loadSchema,
  mixes: z.array(mixSchema).min(1, { error: 'leave mixes out, or give at least one' }).optional(),
  duration: durationSchema,
  cooldown: durationSchema.optional(),
  settle: durationSchema.optional(),
  readyTimeout: durationSchema.optional(),
});

export type RawMatrix = z.infer<typeof matrixSchema>;

/** Field names per object, for "did you mean" hints. */
export function matrixKeys(path: readonly PropertyKey[]): string[] {
  const keysOf = (s: z.ZodObject): string[] => Object.keys(s.shape);
  if (path.length === 0) return keysOf(matrixSchema);
  if (path[0] === 'kubernetes') return keysOf(kubernetesSchema);
  if (path[0] === 'load') return keysOf(loadSchema);
  if (path[0] === 'mixes' && path.length === 2) return keysOf(mixSchema);
  return [];
}
