import { z } from 'zod';
import { presetKnownKeys, presetLoadFields } from './presets/preset-schema';
import { extractSchema } from './extract-schema';
import { duration, durationRange, positiveDuration, requestTimeout } from './duration-schema';
import { expectSchema, HEADER_NAME, matcherSchema } from './expect-schema';
import { captureSchema } from './capture';
import { tagsSchema } from './tags';
import { tlsSchema } from './transport';
import { dataSchema, dataSourceSchema } from './data-section';

/**
 * The scenario file as written (before normalisation). Objects are strict: an unknown field is
 * an error, because a typo like `durration` would otherwise silently change the test.
 * To add a field: add it here, normalise it in normalize.ts, document it in docs/scenario.md.
 */

export { duration, durationRange };

export const httpUrl = z.string({ error: 'expected a URL such as http://127.0.0.1:8080' }).superRefine((value, ctx) => {
  let url: URL;
  try { url = new URL(value); } catch {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a URL (expected e.g. http://127.0.0.1:8080)` });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)}: only http:// and https:// targets are supported` });
  } else if (!url.hostname) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} has no host` });
  } else if (url.search || url.hash) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)}: a target is a base URL; put the query in the request's path` });
  }
});

const rate = z.number({ error: 'must be a number (requests per second)' }).min(0, { error: 'must be ≥ 0' });
const vus = z.number({ error: 'must be a whole number of virtual users' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be ≥ 0' });
const positiveInt = z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).positive({ error: 'must be > 0' });
const weight = z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' });
const onOff = z.boolean({ error: 'must be true or false' });
const requestName = (what: string) => z.string({ error: `expected a ${what} name` }).regex(/^[A-Za-z0-9_.-]+$/, { error: 'use letters, digits, "_", "-" or "."' });

/** What a request and a flow step both have. */
const requestFields = {
  name: requestName('request'),
  method: z.string().regex(/^[A-Za-z]+$/, { error: 'must be an HTTP method such as GET or POST' }).optional(),
  path: z.string({ error: 'expected a path such as /predict' }).optional(),
  target: httpUrl.optional(),
  headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: 'a header value is a string, a number or true/false' })).optional(),
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())], {
    error: 'expected a string, or a mapping/list to send as JSON',
  }).optional(),
  bodyFile: z.string().min(1, { error: 'must not be empty' }).optional(),
  expect: expectSchema.optional(),
  timeout: requestTimeout.optional(),
  extract: extractSchema.optional(),
  tags: tagsSchema.optional(),
};

export const requestSchema = z.strictObject({
  ...requestFields,
  weight: weight.optional(),
  tls: tlsSchema.optional(),
  http2: onOff.optional(),
  cookies: onOff.optional(),
});

/** Set on the flow, not on a step: a step runs whenever its flow does, over the flow's connections. */
const flowOnly = (field: string, why: string) => z.never({ error: `a step has no ${field} of its own: set ${field}: on the flow (${why})` }).optional();
/** Fields a step refuses with a pointer to the flow; not offered as "did you mean" hints. */
const STEP_FLOW_ONLY = new Set(['weight', 'tls', 'http2', 'cookies']);

export const stepSchema = z.strictObject({
  ...requestFields,
  name: requestName('step'),
  capture: captureSchema.optional(),
  think: durationRange.optional(),
  weight: flowOnly('weight', 'a flow runs all its steps'),
  tls: flowOnly('tls', 'it applies to all its steps'),
  http2: flowOnly('http2', 'it applies to all its steps'),
  cookies: flowOnly('cookies', 'its steps share one cookie jar'),
});

export const flowSchema = z.strictObject({
  name: requestName('flow'),
  weight: weight.optional(),
  steps: z.array(stepSchema).min(1, { error: 'needs at least one step' }),
  tags: tagsSchema.optional(),
  tls: tlsSchema.optional(),
  http2: onOff.optional(),
  cookies: onOff.optional(),
});

const stagesOf = <T extends z.ZodRawShape>(shape: T) =>
  z.array(z.strictObject(shape)).min(1, { error: 'needs at least one stage' });

export const openLoadSchema = z.strictObject({
  model: z.literal('open'),
  startRate: rate.optional(),
  rate: rate.optional(),
  duration: duration.optional(),
  stages: stagesOf({ duration, rate }).optional(),
  maxInFlight: positiveInt.optional(),
  // Accepted because the contract example carries it; only the closed model pauses.
  thinkTime: durationRange.optional(),
  ...presetLoadFields,
});

export const closedLoadSchema = z.strictObject({
  model: z.literal('closed'),
  vus: vus.optional(),
  startVus: vus.optional(),
  duration: duration.optional(),
  iterations: positiveInt.optional(),
  stages: stagesOf({ duration, vus }).optional(),
  thinkTime: durationRange.optional(),
  ...presetLoadFields,
});

const thresholdSchema = z.union([
  z.string(),
  z.strictObject({ threshold: z.string(), abortOnFail: z.boolean().optional(), delayAbortEval: duration.optional() }),
], { error: 'expected a string like "p95 < 500ms" or { threshold, abortOnFail, delayAbortEval }' });

const headerName = z.string().regex(HEADER_NAME, { error: 'must be an HTTP header name' });
export const k8sName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: 'must be a Kubernetes object name (lower case, digits, - and .)' });

const kubernetesSchema = z.strictObject({
  namespace: k8sName.optional(),
  context: z.string().min(1).optional(),
  kubeconfig: z.string().min(1).optional(),
  hpas: z.array(k8sName).optional(),
  labelSelector: z.string().min(1).optional(),
  required: z.boolean().optional(),
  podHeader: headerName.optional(),
  slo: duration.optional(),
  metricsPoll: duration.optional(),
  requestTimeout: positiveDuration.optional(),
  watchIdleTimeout: positiveDuration.optional(),
});

// faults: — actions against the system under test at a time in the run (normalised in faults.ts).
const deletePodsSchema = z.strictObject({
  selector: z.string({ error: 'expected a label selector such as app=web' }).min(1, { error: 'must not be empty' }),
  count: positiveInt.optional(),
  gracePeriod: duration.optional(),
  pick: z.enum(['random', 'oldest', 'newest'], { error: 'must be random, oldest or newest' }).optional(),
});
const scaleToSchema = z.strictObject({
  deployment: k8sName,
  replicas: z.number({ error: 'must be a whole number of replicas' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be ≥ 0' }),
});
export const faultSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, { error: 'use letters, digits, "_", "-" or "."' }).optional(),
  at: duration,
  deletePods: deletePodsSchema.optional(),
  scaleTo: scaleToSchema.optional(),
});

const httpSchema = z.strictObject({ connections: positiveInt.optional(), pipelining: positiveInt.optional() });

export const scenarioSchema = z.strictObject({
  name: z.string({ error: 'expected a scenario name' }).min(1, { error: 'must not be empty' }),
  target: httpUrl.optional(),
  // At least one of requests and flows: checked in normalisation, which can say so.
  requests: z.array(requestSchema).min(1, { error: 'needs at least one request' }).optional(),
  flows: z.array(flowSchema).min(1, { error: 'needs at least one flow' }).optional(),
  data: dataSchema.optional(),
  tls: tlsSchema.optional(),
  http2: onOff.optional(),
  load: z.discriminatedUnion('model', [openLoadSchema, closedLoadSchema]),
  thresholds: z.array(thresholdSchema).optional(),
  http: httpSchema.optional(),
  gracefulStop: duration.optional(),
  podHeader: headerName.optional(),
  kubernetes: kubernetesSchema.optional(),
  faults: z.array(faultSchema).optional(),
});

export type RawScenario = z.infer<typeof scenarioSchema>;
export type RawRequest = z.infer<typeof requestSchema>;
export type RawFlow = z.infer<typeof flowSchema>;
export type RawStep = z.infer<typeof stepSchema>;
export type RawThreshold = z.infer<typeof thresholdSchema>;

/** Field names per object, for "did you mean" hints on unknown fields. */
export function knownKeys(path: readonly PropertyKey[]): string[] {
  const [first, , third] = path;
  if (path.length === 0) return keysOf(scenarioSchema);
  if (first === 'requests' && path.length >= 2) return requestKeys(path.slice(2), requestSchema);
  if (first === 'flows' && third === 'steps' && path.length >= 4) return requestKeys(path.slice(4), stepSchema).filter((k) => !STEP_FLOW_ONLY.has(k));
  if (first === 'flows' && path.length === 2) return keysOf(flowSchema);
  if (first === 'flows' && third === 'tls') return keysOf(tlsSchema);
  if (first === 'data' && path.length === 2) return keysOf(dataSourceSchema);
  if (first === 'tls') return keysOf(tlsSchema);
  if (first === 'load' && path.length === 1) return [...new Set([...keysOf(openLoadSchema), ...keysOf(closedLoadSchema)])];
  if (first === 'load' && path[1] === 'stages') return ['duration', 'rate', 'vus'];
  const presetKeys = presetKnownKeys(path);
  if (presetKeys) return presetKeys;
  if (first === 'http') return keysOf(httpSchema);
  if (first === 'kubernetes') return keysOf(kubernetesSchema);
  if (first === 'faults' && path.length === 2) return keysOf(faultSchema);
  if (first === 'faults' && third === 'deletePods') return keysOf(deletePodsSchema);
  if (first === 'faults' && third === 'scaleTo') return keysOf(scaleToSchema);
  if (first === 'thresholds') return ['threshold', 'abortOnFail', 'delayAbortEval'];
  return [];
}

function keysOf(s: z.ZodObject): string[] {
  return Object.keys(s.shape);
}

/** Inside a request or a step: `rest` is the path below it. */
function requestKeys(rest: readonly PropertyKey[], own: z.ZodObject): string[] {
  const [field, sub] = rest;
  if (rest.length === 0) return keysOf(own);
  if (field === 'expect' && rest.length === 1) return keysOf(expectSchema);
  if (field === 'expect' && (sub === 'json' || sub === 'header') && rest.length === 3) return keysOf(matcherSchema);
  if (field === 'extract') return keysOf(extractSchema);
  if (field === 'tls') return keysOf(tlsSchema);
  return [];
}
