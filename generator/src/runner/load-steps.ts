import type { Scenario } from '../scenario';

/**
 * Whether stage `index` raises or lowers the load (its end value against where it starts): the
 * t0 of a scaling episode in an embedded run is the start of a stage that steps the load up.
 */
export function loadStepDirection(scenario: Scenario, index: number): 'up' | 'down' | undefined {
  const { load } = scenario;
  if (load.model === 'open') {
    const stage = load.stages[index];
    if (stage === undefined) return undefined;
    const from = index === 0 ? (load.startRate ?? stage.rate) : (load.stages[index - 1]?.rate ?? stage.rate);
    return direction(from, stage.rate);
  }
  const stage = load.stages[index];
  if (stage === undefined) return undefined;
  // A plain `vus` run (one stage, no startVus) starts all VUs at once: that is a step up from zero.
  const from = index === 0 ? (load.startVus ?? 0) : (load.stages[index - 1]?.vus ?? stage.vus);
  return direction(from, stage.vus);
}

function direction(from: number, to: number): 'up' | 'down' | undefined {
  if (to > from) return 'up';
  if (to < from) return 'down';
  return undefined;
}
