import { parseDurationRange } from './duration';
import { normalizeCaptures } from './capture';
import { normalizeRequestFields, type TemplateScope } from './request';
import { mergeTags, normalizeTags } from './tags';
import type { TransportResolver, TransportSource } from './transport';
import type { RawFlow } from './schema';
import type { FlowSpec, FlowStepSpec } from './types';
import type { YamlSource } from './yaml-source';

export interface FlowContext {
  scenarioTarget: string | undefined;
  data: TemplateScope['data'];
  transports: TransportResolver;
  /** The top-level `tls`/`http2`, for steps that go to the scenario's target. */
  scenarioTransport: TransportSource;
  /** Every request name so far (plain requests first); each step's `FLOW.STEP` is added. */
  names: Set<string>;
}

/**
 * `flows:` → FlowSpecs. Each step becomes a request named `FLOW.STEP` that shares the plain
 * requests' namespace (thresholds, the summary), carries its flow's tags under its own, its flow's
 * transport and cookie setting, and may read `${vars.X}` only when an earlier step captures X.
 */
export function normalizeFlows(raw: RawFlow[] | undefined, ctx: FlowContext, source: YamlSource): FlowSpec[] {
  const flowNames = new Set<string>();
  return (raw ?? []).map((f, i) => {
    const at = ['flows', i];
    if (flowNames.has(f.name)) throw source.error([...at, 'name'], `duplicate flow name "${f.name}"`);
    flowNames.add(f.name);
    const tags = normalizeTags(f.tags, [...at, 'tags'], source);
    const cookies = f.cookies ?? true;
    const weight = f.weight ?? 1;
    const captured: string[] = [];
    const stepNames = new Set<string>();
    const steps = f.steps.map((s, j): FlowStepSpec => {
      const stepAt = [...at, 'steps', j];
      if (stepNames.has(s.name)) throw source.error([...stepAt, 'name'], `duplicate step name "${s.name}" in flow ${f.name}`);
      stepNames.add(s.name);
      const name = `${f.name}.${s.name}`;
      if (ctx.names.has(name)) {
        throw source.error([...stepAt, 'name'], `"${name}" is already a request name; a step's name is FLOW.STEP and shares the namespace of requests (thresholds and the summary use it)`);
      }
      ctx.names.add(name);
      const core = normalizeRequestFields(s, {
        at: stepAt, name, kind: 'step', scenarioTarget: ctx.scenarioTarget,
        scope: { data: ctx.data, flow: { name: f.name, captured: [...captured] } },
      }, source);
      const capture = normalizeCaptures(s.capture, stepAt, source);
      captured.push(...capture.map((c) => c.name));
      return {
        ...core,
        step: s.name,
        // Not drawn on its own (the flow is): a step is sent as often as its flow.
        weight,
        tags: mergeTags(tags, normalizeTags(s.tags, [...stepAt, 'tags'], source), s.tags !== undefined ? [...stepAt, 'tags'] : [...at, 'tags'], source),
        transport: ctx.transports.resolve({ tls: f.tls, http2: f.http2, at }, s.target === undefined ? ctx.scenarioTransport : undefined),
        cookies,
        capture,
        ...(s.think === undefined ? {} : { thinkTime: parseDurationRange(s.think) }),
      };
    });
    return { name: f.name, weight, steps, tags, cookies };
  });
}
