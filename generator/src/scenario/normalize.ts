import { parseDuration, parseDurationRange } from './duration';
import { parseThreshold, SCALING_METRICS, ThresholdSyntaxError } from './thresholds';
import type { RawRequest, RawScenario, RawThreshold } from './schema';
import type { YamlSource } from './yaml-source';
import { closestMatch } from './errors';
import { presetLoad } from './presets/expand-preset';
import { normalizeFaults } from './faults';
import { normalizeData } from './data-section';
import { normalizeFlows } from './flows';
import { normalizeRequestFields, REQUEST_TIMEOUT_MS, type TemplateScope } from './request';
import { normalizeTags } from './tags';
import { TransportResolver, type TransportSource } from './transport';
import { everyRequest, type ClosedLoad, type KubernetesSpec, type LoadSpec, type OpenLoad, type RequestSpec, type Scenario, type ThresholdSpec } from './types';

/** Defaults, documented in docs/scenario.md. */
export const DEFAULTS = {
  timeoutMs: REQUEST_TIMEOUT_MS,
  maxInFlight: 1000,
  connections: 50,
  pipelining: 1,
  gracefulStopMs: 10_000,
  metricsPollMs: 15_000,
} as const;

/** Validated raw scenario → the `Scenario` every other folder consumes (units resolved, files read). */
export function normalizeScenario(raw: RawScenario, source: YamlSource): Scenario {
  if (raw.requests === undefined && raw.flows === undefined) throw source.error(['requests'], 'is required (or flows:, or both)');
  const data = normalizeData(raw.data, source);
  const transports = new TransportResolver(source);
  const scenarioTransport: TransportSource = { tls: raw.tls, http2: raw.http2, at: [] };
  const names = new Set<string>();
  const requests = (raw.requests ?? []).map((r, i) => {
    if (names.has(r.name)) throw source.error(['requests', i, 'name'], `duplicate request name "${r.name}"`);
    names.add(r.name);
    return normalizeRequest(r, i, raw.target, { data }, transports, scenarioTransport, source);
  });
  const flows = normalizeFlows(raw.flows, { scenarioTarget: raw.target, data, transports, scenarioTransport, names }, source);
  const requestNames = new Set(everyRequest({ requests, flows }).map((r) => r.name));
  const thresholds = (raw.thresholds ?? []).map((t, i) => normalizeThreshold(t, ['thresholds', i], requestNames, raw.kubernetes !== undefined, source));
  const preset = presetLoad(raw.load, source, {
    maxInFlight: (raw.load.model === 'open' ? raw.load.maxInFlight : undefined) ?? DEFAULTS.maxInFlight,
    thinkTime: raw.load.model === 'closed' && raw.load.thinkTime !== undefined ? parseDurationRange(raw.load.thinkTime) : undefined,
  });
  const load = preset?.load ?? normalizeLoad(raw.load, source);
  return {
    name: raw.name,
    file: source.file,
    target: raw.target,
    requests,
    load,
    thresholds,
    http: {
      connections: raw.http?.connections ?? DEFAULTS.connections,
      pipelining: raw.http?.pipelining ?? DEFAULTS.pipelining,
    },
    gracefulStopMs: raw.gracefulStop === undefined ? DEFAULTS.gracefulStopMs : parseDuration(raw.gracefulStop),
    podHeader: podHeaderOf(raw, source),
    kubernetes: raw.kubernetes && normalizeKubernetes(raw.kubernetes, thresholds, source),
    ...(preset ? { preset: preset.plan } : {}),
    ...(raw.faults ? { faults: normalizeFaults(raw, load, source) } : {}),
    data: [...data.values()].map((d) => d.spec),
    flows,
  };
}

/** `podHeader` may sit at the top level or in `kubernetes:`; both is fine only if they agree. */
function podHeaderOf(raw: RawScenario, source: YamlSource): string | undefined {
  const top = raw.podHeader?.toLowerCase();
  const inK8s = raw.kubernetes?.podHeader?.toLowerCase();
  if (top !== undefined && inK8s !== undefined && top !== inK8s) {
    throw source.error(['kubernetes', 'podHeader'], `differs from the top-level podHeader "${raw.podHeader ?? ''}"; set it once`);
  }
  return top ?? inK8s;
}

function normalizeKubernetes(k: NonNullable<RawScenario['kubernetes']>, thresholds: ThresholdSpec[], source: YamlSource): KubernetesSpec {
  if (k.hpas !== undefined && k.labelSelector !== undefined) {
    throw source.error(['kubernetes', 'labelSelector'], 'use either hpas (names) or labelSelector, not both');
  }
  const p95 = thresholds.find((t) => t.metric === 'p95' && t.request === undefined && (t.op === '<' || t.op === '<='));
  return {
    namespace: k.namespace, context: k.context, kubeconfig: k.kubeconfig,
    hpas: k.hpas ?? [], labelSelector: k.labelSelector,
    required: k.required ?? false,
    sloMs: k.slo !== undefined ? parseDuration(k.slo) : p95?.value,
    metricsPollMs: k.metricsPoll !== undefined ? parseDuration(k.metricsPoll) : DEFAULTS.metricsPollMs,
    requestTimeoutMs: k.requestTimeout !== undefined ? parseDuration(k.requestTimeout) : undefined,
    watchIdleTimeoutMs: k.watchIdleTimeout !== undefined ? parseDuration(k.watchIdleTimeout) : undefined,
  };
}

/** A threshold string or `{ threshold, abortOnFail, delayAbortEval }`; a `name:` prefix must name a request. */
function normalizeThreshold(t: RawThreshold, at: Array<string | number>, names: ReadonlySet<string>, hasKubernetes: boolean, source: YamlSource): ThresholdSpec {
  const exprAt = typeof t === 'string' ? at : [...at, 'threshold'];
  try {
    const spec = typeof t === 'string'
      ? parseThreshold(t)
      : parseThreshold(t.threshold, { abortOnFail: t.abortOnFail, delayAbortEvalMs: t.delayAbortEval === undefined ? 0 : parseDuration(t.delayAbortEval) });
    if (SCALING_METRICS.has(spec.metric)) {
      if (!hasKubernetes) throw new ThresholdSyntaxError(`${spec.metric} needs a kubernetes: section (the watcher measures it)`);
    } else if (spec.request !== undefined && !names.has(spec.request)) {
      const hint = closestMatch(spec.request, [...names]);
      throw new ThresholdSyntaxError(`no request is named "${spec.request}" (${hint ? `did you mean "${hint}"? ` : ''}requests: ${[...names].join(', ')})`);
    }
    return spec;
  } catch (err) {
    if (err instanceof ThresholdSyntaxError) throw source.error(exprAt, err.message);
    throw err;
  }
}

function normalizeRequest(r: RawRequest, i: number, scenarioTarget: string | undefined, scope: TemplateScope,
  transports: TransportResolver, scenarioTransport: TransportSource, source: YamlSource): RequestSpec {
  const at = ['requests', i];
  const core = normalizeRequestFields(r, { at, name: r.name, kind: 'request', scenarioTarget, scope }, source);
  return {
    ...core,
    weight: r.weight ?? 1,
    tags: normalizeTags(r.tags, [...at, 'tags'], source),
    // The top-level tls/http2 are for the scenario's target; a request with its own target sets its own.
    transport: transports.resolve({ tls: r.tls, http2: r.http2, at }, r.target === undefined ? scenarioTransport : undefined),
    cookies: r.cookies ?? false,
  };
}

function normalizeLoad(load: RawScenario['load'], source: YamlSource): LoadSpec {
  if (load.model === 'open') {
    // thinkTime is accepted here (the contract example carries it) but only the closed model pauses.
    const maxInFlight = load.maxInFlight ?? DEFAULTS.maxInFlight;
    let stages: OpenLoad['stages'];
    if (load.stages) {
      const extra = load.rate !== undefined ? 'rate' : load.duration !== undefined ? 'duration' : undefined;
      if (extra) throw source.error(['load', extra], 'use either stages or rate + duration, not both');
      stages = load.stages.map((s) => ({ durationMs: parseDuration(s.duration), rate: s.rate }));
    } else {
      if (load.rate === undefined) throw source.error(['load'], 'an open model needs stages, rate + duration, or a preset');
      if (load.duration === undefined) throw source.error(['load'], 'an open model with a rate needs a duration');
      stages = [{ durationMs: parseDuration(load.duration), rate: load.rate }];
    }
    return { model: 'open', startRate: load.startRate, stages, maxInFlight };
  }
  const thinkTime = load.thinkTime === undefined ? undefined : parseDurationRange(load.thinkTime);
  let stages: ClosedLoad['stages'];
  if (load.stages) {
    const extra = (['vus', 'duration', 'iterations'] as const).find((k) => load[k] !== undefined);
    if (extra) throw source.error(['load', extra], 'use either stages or vus + duration / vus + iterations, not both');
    stages = load.stages.map((s) => ({ durationMs: parseDuration(s.duration), vus: s.vus }));
  } else {
    if (load.vus === undefined) throw source.error(['load'], 'a closed model needs stages, vus + duration, vus + iterations, or a preset');
    if (load.iterations !== undefined && load.duration !== undefined) throw source.error(['load', 'duration'], 'use either iterations or duration, not both');
    if (load.iterations === undefined && load.duration === undefined) throw source.error(['load'], 'a closed model with vus needs a duration or iterations');
    if (load.vus < 1) throw source.error(['load', 'vus'], 'must be ≥ 1');
    if (load.iterations !== undefined && load.startVus !== undefined) throw source.error(['load', 'startVus'], 'does not apply to an iteration-bound run (the VU count is fixed)');
    // Iteration-bound runs: one stage holding the VU count; its duration is not used.
    stages = [{ durationMs: load.duration === undefined ? 0 : parseDuration(load.duration), vus: load.vus }];
  }
  return { model: 'closed', startVus: load.startVus, stages, iterations: load.iterations, thinkTime };
}
