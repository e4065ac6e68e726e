import { computeDesiredReplicas, rescaleMessage, type HpaInput } from './hpa-algorithm';

const NOW = 1_000_000;
const base: HpaInput = {
  now: NOW, currentReplicas: 2, minReplicas: 1, maxReplicas: 10, utilization: 50, targetUtilization: 50,
  readyPods: 2, recommendations: [], scaleEvents: [],
};
const decide = (over: Partial<HpaInput>) => computeDesiredReplicas({ ...base, ...over });

describe('HPA replica calculation', () => {
  it('desired = ceil(current × utilization / target), as in the Kubernetes docs example', () => {
    // 200 m used of a 100 m target → ratio 2 → double.
    expect(decide({ utilization: 100 }).desired).toBe(4);
    expect(decide({ currentReplicas: 3, readyPods: 3, utilization: 60 }).desired).toBe(4); // ceil(3.6)
  });

  it('does nothing within the 0.1 tolerance', () => {
    expect(decide({ utilization: 54 }).desired).toBe(2);
    expect(decide({ utilization: 46 }).desired).toBe(2);
    expect(decide({ utilization: 56 }).desired).toBe(3);
  });

  it('clamps to min/max and says why (ScalingLimited)', () => {
    expect(decide({ utilization: 500, maxReplicas: 5 })).toEqual({ raw: 20, desired: 5, limitedBy: 'TooManyReplicas' });
    expect(decide({ utilization: 1, behavior: { scaleDown: { stabilizationWindowSeconds: 0 } }, minReplicas: 2 })).toMatchObject({ desired: 2, limitedBy: 'TooFewReplicas' });
  });

  it('default scale-up policy: at most max(+100 %, +4 pods) per 15 s', () => {
    expect(decide({ currentReplicas: 1, readyPods: 1, utilization: 500 })).toMatchObject({ raw: 10, desired: 5, limitedBy: 'ScaleUpLimit' });
    // 4 already added in the last 15 s: the period started at 1 → limit max(2, 5) = 5.
    expect(decide({ currentReplicas: 5, readyPods: 5, utilization: 200, scaleEvents: [{ at: NOW - 5000, change: 4 }] })).toMatchObject({ desired: 5 });
  });

  it('scale-down waits out the stabilization window (default 300 s): the highest recent recommendation wins', () => {
    const recent = [{ at: NOW - 60_000, replicas: 4 }];
    expect(decide({ currentReplicas: 4, readyPods: 4, utilization: 10, recommendations: recent }).desired).toBe(4);
    const old = [{ at: NOW - 301_000, replicas: 4 }];
    expect(decide({ currentReplicas: 4, readyPods: 4, utilization: 10, recommendations: old }).desired).toBe(1);
  });

  it('custom behavior: Pods policy and Min select', () => {
    const behavior = { scaleUp: { selectPolicy: 'Min' as const, policies: [{ type: 'Pods' as const, value: 1, periodSeconds: 60 }, { type: 'Percent' as const, value: 100, periodSeconds: 60 }] } };
    expect(decide({ currentReplicas: 2, utilization: 200, behavior })).toMatchObject({ desired: 3, limitedBy: 'ScaleUpLimit' });
    expect(decide({ currentReplicas: 2, utilization: 200, behavior: { scaleUp: { selectPolicy: 'Disabled' } } }).desired).toBe(2);
  });

  it('writes the real SuccessfulRescale message', () => {
    expect(rescaleMessage(4, 'above')).toBe('New size: 4; reason: cpu resource utilization (percentage of request) above target');
  });
});
