import type { LoadSpec, ThinkTime } from '../types';
import type { YamlSource } from '../yaml-source';
import { expandDaily } from './daily';
import type { FailAt, PresetExpansion } from './expansion';
import type { PresetPlan } from './preset-plan';
import type { PresetName, RawPresetFields } from './preset-schema';
import { expandProgressive } from './progressive';
import { expandSoak } from './soak';
import { expandSpike } from './spike';
import { expandStress } from './stress';

/** Fields of `load:` that say the stages themselves; a preset writes those. */
const STAGE_FIELDS = ['stages', 'rate', 'duration', 'startRate', 'vus', 'startVus', 'iterations'] as const;

type RawLoad = RawPresetFields & { model: 'open' | 'closed'; maxInFlight?: number } & Partial<Record<typeof STAGE_FIELDS[number], unknown>>;

/** `load.preset` → ordinary stages plus the plan to report on; undefined without a preset. */
export function presetLoad(
  load: RawLoad, source: YamlSource, rest: { maxInFlight: number; thinkTime?: ThinkTime },
): { load: LoadSpec; plan: PresetPlan } | undefined {
  const name = load.preset;
  if (name === undefined) return undefined;
  const clash = STAGE_FIELDS.find((k) => load[k] !== undefined);
  if (clash) throw source.error(['load', clash], `the ${name} preset writes the stages; remove ${clash} (or the preset)`);
  const unit = load.model === 'open' ? 'rate' : 'vus';
  const fail: FailAt = (path, reason) => { throw source.error(['load', name, ...path], reason); };
  const ex = expand(name, load, unit, fail);
  const { maxInFlight, thinkTime } = rest;
  const spec: LoadSpec = load.model === 'open'
    ? { model: 'open', startRate: ex.start, stages: ex.stages.map((s) => ({ durationMs: s.durationMs, rate: s.value })), maxInFlight }
    : { model: 'closed', startVus: ex.start, stages: ex.stages.map((s) => ({ durationMs: s.durationMs, vus: s.value })), ...(thinkTime ? { thinkTime } : {}) };
  return { load: spec, plan: load[name] === undefined ? { ...ex.plan, defaults: true } : ex.plan };
}

function expand(name: PresetName, load: RawPresetFields, unit: 'rate' | 'vus', fail: FailAt): PresetExpansion {
  switch (name) {
    case 'spike': return expandSpike(load.spike, unit);
    case 'stress': return expandStress(load.stress, unit, fail);
    case 'soak': return expandSoak(load.soak, unit, fail);
    case 'daily': return expandDaily(load.daily, unit, fail);
    case 'progressive': return expandProgressive(load.progressive, unit, fail);
  }
}
