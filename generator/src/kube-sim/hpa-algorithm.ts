/**
 * The HorizontalPodAutoscaler controller's replica calculation (kubernetes
 * pkg/controller/podautoscaler: replica_calculator.go + horizontal.go, autoscaling/v2 behavior),
 * as a pure function so that it can be tested against the documented examples.
 */

export interface HpaPolicy { type: 'Pods' | 'Percent'; value: number; periodSeconds: number }
export interface HpaScalingRules { stabilizationWindowSeconds?: number; selectPolicy?: 'Max' | 'Min' | 'Disabled'; policies?: HpaPolicy[] }
export interface HpaBehavior { scaleUp?: HpaScalingRules; scaleDown?: HpaScalingRules }

/** The Kubernetes defaults (HPA docs, "Default Behavior"). */
export const DEFAULT_SCALE_UP: Required<HpaScalingRules> = {
  stabilizationWindowSeconds: 0, selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }],
};
export const DEFAULT_SCALE_DOWN: Required<HpaScalingRules> = {
  stabilizationWindowSeconds: 300, selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};
/** --horizontal-pod-autoscaler-tolerance */
export const TOLERANCE = 0.1;

export interface Recommendation { at: number; replicas: number }
export interface ScaleEvent { at: number; change: number }

export interface HpaInput {
  now: number;
  currentReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  /** Mean utilization of the ready pods, % of request. */
  utilization: number;
  targetUtilization: number;
  /** Ready pods the utilization was measured over. */
  readyPods: number;
  behavior?: HpaBehavior;
  /** Past raw recommendations (for the stabilization windows) — the caller keeps them. */
  recommendations: Recommendation[];
  /** Past replica changes (for the rate-limiting policies). */
  scaleEvents: ScaleEvent[];
}

export interface HpaDecision {
  /** What the metric alone asks for (before stabilization, policies and min/max). */
  raw: number;
  desired: number;
  /** TooManyReplicas / TooFewReplicas when min/max clamped it, ScaleUpLimit/ScaleDownLimit for policies. */
  limitedBy?: 'TooManyReplicas' | 'TooFewReplicas' | 'ScaleUpLimit' | 'ScaleDownLimit';
}

export function computeDesiredReplicas(input: HpaInput): HpaDecision {
  const { currentReplicas: current } = input;
  const ratio = input.utilization / input.targetUtilization;
  // Within tolerance: no change. Otherwise scale the ready pods' count by the ratio.
  const raw = Math.abs(ratio - 1) <= TOLERANCE ? current : Math.ceil(ratio * Math.max(1, input.readyPods));
  const up = { ...DEFAULT_SCALE_UP, ...input.behavior?.scaleUp };
  const down = { ...DEFAULT_SCALE_DOWN, ...input.behavior?.scaleDown };

  // Stabilization: scale up to the lowest, down to the highest recommendation inside each window.
  const within = (seconds: number): number[] => input.recommendations
    .filter((r) => r.at > input.now - seconds * 1000).map((r) => r.replicas).concat(raw);
  const upCap = Math.min(...within(up.stabilizationWindowSeconds));
  const downFloor = Math.max(...within(down.stabilizationWindowSeconds));
  let stabilized = current;
  if (raw > current) stabilized = Math.max(current, upCap);
  else if (raw < current) stabilized = Math.min(current, downFloor);

  let desired = stabilized;
  let limitedBy: HpaDecision['limitedBy'];
  if (stabilized > current) {
    const limit = scaleUpLimit(input, up);
    if (stabilized > limit) { desired = limit; limitedBy = 'ScaleUpLimit'; }
  } else if (stabilized < current) {
    const limit = scaleDownLimit(input, down);
    if (stabilized < limit) { desired = limit; limitedBy = 'ScaleDownLimit'; }
  }
  if (desired > input.maxReplicas) { desired = input.maxReplicas; limitedBy = 'TooManyReplicas'; }
  if (desired < input.minReplicas) { desired = input.minReplicas; limitedBy = 'TooFewReplicas'; }
  return { raw, desired, limitedBy };
}

/** The most replicas the scale-up policies allow now, given the replicas already added per period. */
function scaleUpLimit(input: HpaInput, rules: Required<HpaScalingRules>): number {
  if (rules.selectPolicy === 'Disabled') return input.currentReplicas;
  const limits = rules.policies.map((p) => {
    const added = addedWithin(input, p.periodSeconds, 1);
    const periodStart = input.currentReplicas - added;
    return p.type === 'Pods' ? periodStart + p.value : Math.ceil(periodStart * (1 + p.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.min(...limits) : Math.max(...limits);
}

/** The fewest replicas the scale-down policies allow now. */
function scaleDownLimit(input: HpaInput, rules: Required<HpaScalingRules>): number {
  if (rules.selectPolicy === 'Disabled') return input.currentReplicas;
  const limits = rules.policies.map((p) => {
    const removed = addedWithin(input, p.periodSeconds, -1);
    const periodStart = input.currentReplicas + removed;
    return p.type === 'Pods' ? periodStart - p.value : Math.floor(periodStart * (1 - p.value / 100));
  });
  // "Max" selects the policy allowing the biggest change, i.e. the lowest floor.
  return rules.selectPolicy === 'Min' ? Math.max(...limits) : Math.min(...limits);
}

function addedWithin(input: HpaInput, periodSeconds: number, sign: 1 | -1): number {
  let total = 0;
  for (const e of input.scaleEvents) {
    if (e.at > input.now - periodSeconds * 1000 && Math.sign(e.change) === sign) total += Math.abs(e.change);
  }
  return total;
}

/** The event message the real controller writes (horizontal.go): `New size: 4; reason: cpu resource utilization (percentage of request) above target`. */
export function rescaleMessage(newSize: number, direction: 'above' | 'below'): string {
  return `New size: ${newSize}; reason: cpu resource utilization (percentage of request) ${direction} target`;
}
