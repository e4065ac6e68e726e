import { analyzeReplicas } from './replica-analysis';

const S = 1000;

describe('replica analysis for training data', () => {
  it('time at each replica count, scaling events and the imbalance between the most and least represented counts', () => {
    // The seeds' training profile in miniature: 1 → 3 → 2 → 3 → 1 over 100 s.
    const a = analyzeReplicas('web', [
      { at: 0, current: 1 }, { at: 40 * S, current: 3 }, { at: 50 * S, current: 2 }, { at: 60 * S, current: 3 }, { at: 70 * S, current: 1 },
    ], 0, 100 * S);
    expect(a.timeAtReplicas).toEqual([
      { replicas: 1, seconds: 70, share: 0.7 }, { replicas: 3, seconds: 20, share: 0.2 }, { replicas: 2, seconds: 10, share: 0.1 },
    ]);
    expect(a.scalingEvents).toEqual({ up: 2, down: 2, total: 4 });
    expect(a.imbalanceRatio).toBe(7);
    expect(a.observedS).toBe(100);
    expect(a.neverAt).toEqual([]);
  });

  it('clips the timeline to the run, lists counts skipped over, and has no ratio for a single count', () => {
    const a = analyzeReplicas('web', [{ at: -30 * S, current: 1 }, { at: 10 * S, current: 4 }, { at: 200 * S, current: 2 }], 0, 40 * S);
    expect(a.timeAtReplicas).toEqual([{ replicas: 4, seconds: 30, share: 0.75 }, { replicas: 1, seconds: 10, share: 0.25 }]);
    expect(a.scalingEvents).toEqual({ up: 1, down: 0, total: 1 }); // the change at 200 s is after the run
    expect(a.imbalanceRatio).toBe(3);
    expect(a.neverAt).toEqual([2, 3]);
    const flat = analyzeReplicas('web', [{ at: 0, current: 2 }], 0, 10 * S);
    expect(flat.imbalanceRatio).toBeNull();
    expect(analyzeReplicas('web', [], 0, 10 * S)).toMatchObject({ observedS: 0, timeAtReplicas: [], imbalanceRatio: null });
  });
});
