import { parseDuration, formatDuration } from './duration';
import { totalDurationMs } from './describe-plan';
import type { RawScenario } from './schema';
import type { FaultSpec, LoadSpec } from './types';
import type { YamlSource } from './yaml-source';

/**
 * `faults:` → FaultSpec[] in time order. Each fault has exactly one action, happens while the load
 * runs, and acts on the cluster of the `kubernetes:` section (its kubeconfig, context, namespace).
 */
export function normalizeFaults(raw: RawScenario, load: LoadSpec, source: YamlSource): FaultSpec[] {
  const faults = raw.faults ?? [];
  if (faults.length > 0 && raw.kubernetes === undefined) {
    throw source.error(['faults'], 'faults act on the cluster of the kubernetes: section; add one (namespace, and kubeconfig or context when not the default)');
  }
  const totalMs = totalDurationMs(load);
  const names = new Set<string>();
  const specs = faults.map((f, i): FaultSpec => {
    const at = ['faults', i];
    const atMs = parseDuration(f.at);
    if (totalMs !== undefined && atMs >= totalMs) throw source.error([...at, 'at'], `${formatDuration(atMs)} is not before the load ends (${formatDuration(totalMs)})`);
    if ((f.deletePods === undefined) === (f.scaleTo === undefined)) throw source.error(at, 'needs exactly one action: deletePods or scaleTo');
    let spec: FaultSpec;
    if (f.deletePods !== undefined) {
      const d = f.deletePods;
      const problem = selectorProblem(d.selector);
      if (problem) throw source.error([...at, 'deletePods', 'selector'], problem);
      const graceMs = d.gracePeriod === undefined ? undefined : parseDuration(d.gracePeriod);
      if (graceMs !== undefined && graceMs % 1000 !== 0) throw source.error([...at, 'deletePods', 'gracePeriod'], 'the API takes whole seconds (e.g. 0s, 30s)');
      const count = d.count ?? 1;
      spec = {
        name: f.name ?? `delete-${count}-pod${count === 1 ? '' : 's'}-${formatDuration(atMs)}`, atMs,
        action: { kind: 'deletePods', selector: d.selector.replace(/\s*,\s*/g, ','), count, pick: d.pick ?? 'random', ...(graceMs !== undefined ? { gracePeriodS: graceMs / 1000 } : {}) },
      };
    } else {
      const s = f.scaleTo as NonNullable<typeof f.scaleTo>;
      spec = { name: f.name ?? `scale-${s.deployment}-to-${s.replicas}-${formatDuration(atMs)}`, atMs, action: { kind: 'scaleTo', deployment: s.deployment, replicas: s.replicas } };
    }
    if (names.has(spec.name)) throw source.error(f.name !== undefined ? [...at, 'name'] : at, `duplicate fault name "${spec.name}"${f.name === undefined ? ' (give each fault a name:)' : ''}`);
    names.add(spec.name);
    return spec;
  });
  return specs.sort((a, b) => a.atMs - b.atMs);
}

const KEY = String.raw`(?:[A-Za-z0-9][-A-Za-z0-9_.]*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const TERMS = [
  new RegExp(`^!?${KEY}$`),
  new RegExp(`^${KEY}\\s*(=|==|!=)\\s*${VALUE}$`),
  new RegExp(`^${KEY}\\s+(in|notin)\\s+\\(\\s*${VALUE}(\\s*,\\s*${VALUE})*\\s*\\)$`),
];

/** A Kubernetes label selector (`app=web`, `tier in (a,b)`, `!canary`), checked before the run rather than by the API mid-run. */
export function selectorProblem(selector: string): string | undefined {
  const terms = selector.split(/,(?![^(]*\))/).map((t) => t.trim());
  const bad = terms.find((t) => !TERMS.some((re) => re.test(t)));
  return bad === undefined ? undefined : `${JSON.stringify(bad)} is not a label selector term (e.g. app=web, tier!=db, env in (a,b), !canary)`;
}
