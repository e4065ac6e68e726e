import { EpisodeTracker } from './episode-tracker';
import type { ScalingEpisode } from './types';

const T = 1_000_000;
function tracker() {
  const reported: ScalingEpisode[] = [];
  const t = new EpisodeTracker({ hpa: 'web', namespace: 'ml', target: { kind: 'Deployment', name: 'web' }, tolerance: 0.1, onEpisode: (e) => reported.push(e) });
  return { t, reported };
}
const hpa = (current: number, desired: number, utilization = 50) => ({ current, desired, min: 1, max: 6, utilization, target: 50 });

describe('EpisodeTracker', () => {
  it('embedded: t0 = the load step; detection, actuation, total and the deficit', () => {
    const { t, reported } = tracker();
    t.hpa(T, hpa(1, 1));
    t.targetReady(T, 1);
    t.markLoadStep(T + 1000, 'up');
    t.hpa(T + 16_000, hpa(1, 4, 180)); // decision 15 s after the step
    t.hpa(T + 16_500, hpa(4, 4, 180));
    t.targetReady(T + 20_000, 2);
    t.targetReady(T + 26_000, 4); // all Ready 10 s after the decision
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({
      direction: 'up', from: 1, to: 4, t0: T + 1000, t0Source: 'load-step', decidedAt: T + 16_000, readyAt: T + 26_000, complete: true,
      lags: { detectionS: 15, actuationS: 10, totalS: 25 },
    });
    // (4−1)×4 s + (4−2)×6 s = 24 replica·s missing.
    expect(reported[0]?.deficitReplicaSeconds).toBe(24);
    expect(t.summary(T + 30_000)).toMatchObject({ deficitReplicaSeconds: 24, maxReplicasReached: 4 });
  });

  it('standalone: t0 = the first observation with utilization above target × (1 + tolerance)', () => {
    const { t, reported } = tracker();
    t.hpa(T, hpa(2, 2, 52)); // within tolerance
    t.targetReady(T, 2);
    t.hpa(T + 5000, hpa(2, 2, 90));
    t.hpa(T + 9000, hpa(2, 2, 95)); // still above: t0 stays at the first crossing
    t.hpa(T + 15_000, hpa(2, 4, 95));
    t.targetReady(T + 18_000, 4);
    expect(reported[0]).toMatchObject({ t0: T + 5000, t0Source: 'utilization', lags: { detectionS: 10, actuationS: 3, totalS: 13 } });
  });

  it('a second raise within an open episode grows it instead of starting another', () => {
    const { t, reported } = tracker();
    t.hpa(T, hpa(1, 1)); t.targetReady(T, 1);
    t.markLoadStep(T, 'up');
    t.hpa(T + 15_000, hpa(1, 2, 200));
    t.hpa(T + 30_000, hpa(2, 4, 200));
    t.targetReady(T + 31_000, 2);
    t.targetReady(T + 40_000, 4);
    expect(reported.map((e) => [e.from, e.to, e.lags.totalS])).toEqual([[1, 4, 40]]);
  });

  it('a cascade after one load step (1 → 3 ready, then 3 → 6) measures every episode from that step', () => {
    const { t, reported } = tracker();
    t.hpa(T, hpa(1, 1)); t.targetReady(T, 1);
    t.markLoadStep(T, 'up');
    t.hpa(T + 2000, hpa(1, 3, 200));
    t.targetReady(T + 5000, 3);
    t.hpa(T + 6000, hpa(3, 6, 150));
    t.targetReady(T + 9000, 6);
    expect(reported.map((e) => [e.from, e.to, e.t0, e.t0Source, e.lags.detectionS, e.lags.totalS])).toEqual([
      [1, 3, T, 'load-step', 2, 5], [3, 6, T, 'load-step', 6, 9],
    ]);
  });

  it('the same observations delivered again (a relist) change nothing', () => {
    const { t, reported } = tracker();
    const feed = () => { t.hpa(T + 15_000, hpa(1, 3, 150)); t.targetReady(T + 20_000, 3); };
    t.hpa(T, hpa(1, 1)); t.targetReady(T, 1); t.markLoadStep(T, 'up');
    feed(); feed();
    expect(reported).toHaveLength(1);
    expect(t.summary(T + 21_000).episodes).toHaveLength(1);
  });

  it('scale-down: complete once ready and spec reached the lower count; time at max accrues', () => {
    const { t, reported } = tracker();
    t.hpa(T, hpa(6, 6, 10)); t.targetReady(T, 6);
    t.markLoadStep(T + 1000, 'down');
    t.hpa(T + 61_000, hpa(6, 2, 10));
    t.targetReady(T + 61_500, 2, 6); // not yet: the spec still says 6
    t.targetReady(T + 62_000, 2, 2);
    t.hpa(T + 62_500, hpa(2, 2, 30));
    expect(reported[0]).toMatchObject({ direction: 'down', from: 6, to: 2, lags: { detectionS: 60, actuationS: 1, totalS: 61 } });
    expect(t.summary(T + 62_500).timeAtMaxS).toBe(61);
  });

  it('an episode still open at stop is reported incomplete, without actuation', () => {
    const { t, reported } = tracker();
    t.hpa(T, hpa(1, 1)); t.targetReady(T, 1); t.markLoadStep(T, 'up');
    t.hpa(T + 10_000, hpa(1, 5, 300));
    t.finish(T + 12_000);
    expect(reported[0]).toMatchObject({ complete: false, lags: { detectionS: 10 } });
    expect(reported[0]?.lags.actuationS).toBeUndefined();
  });

  it('SuccessfulRescale joins its episode whether it arrives before or after the status with the decision', () => {
    const { t, reported } = tracker();
    t.hpa(T, hpa(1, 1)); t.targetReady(T, 1); t.markLoadStep(T, 'up');
    t.rescaleEvent(T + 9_900, 'New size: 3; reason: cpu resource utilization (percentage of request) above target'); // before the status
    t.hpa(T + 10_000, hpa(1, 3, 150));
    t.rescaleEvent(T + 12_000, 'New size: 5; reason: cpu resource utilization (percentage of request) above target'); // before 3 → 5
    t.hpa(T + 12_100, hpa(3, 5, 150));
    t.targetReady(T + 15_000, 5);
    expect(reported[0]?.rescaleEventAt).toBe(T + 9_900);
    expect(reported[0]?.steps.map((s) => s.what.replace(/;.*/, ''))).toEqual(['SuccessfulRescale: New size: 3', 'desired 1 → 3', 'SuccessfulRescale: New size: 5', 'desired 3 → 5', '5 ready']);
  });

  it('a SuccessfulRescale that does not match (another size, or too old) is not attached', () => {
    const { t, reported } = tracker();
    t.hpa(T, hpa(1, 1)); t.targetReady(T, 1);
    t.rescaleEvent(T, 'New size: 3; reason: stale'); // 40 s before the decision
    t.hpa(T + 40_000, hpa(1, 3, 150));
    t.rescaleEvent(T + 40_100, 'New size: 7; reason: another decision');
    t.targetReady(T + 45_000, 3);
    expect(reported[0]?.rescaleEventAt).toBeUndefined();
    expect(reported[0]?.steps.map((s) => s.what)).toEqual(['desired 1 → 3', '3 ready']);
  });

  it('a scale-up that turns into a scale-down before it completes is reported as incomplete, superseded', () => {
    const { t, reported } = tracker();
    t.hpa(T, hpa(2, 2)); t.targetReady(T, 2);
    t.hpa(T + 1000, hpa(2, 4, 150));
    t.hpa(T + 3000, hpa(4, 2, 20));
    t.targetReady(T + 4000, 2, 2);
    expect(reported.map((e) => [e.direction, e.from, e.to, e.complete])).toEqual([['up', 2, 4, false], ['down', 4, 2, true]]);
    expect(reported[0]?.steps.at(-1)?.what).toBe('superseded: desired 4 → 2');
  });

  it('pod failures: each restart counts, an unschedulable pod once (status and FailedScheduling events agree)', () => {
    const { t } = tracker();
    t.podFailure(T, 'web-1', 'OOMKilled');
    t.podFailure(T + 200, 'web-1', 'OOMKilled'); // the same restart seen twice
    t.podFailure(T + 30_000, 'web-1', 'OOMKilled');
    t.podFailure(T, 'web-2', 'Unschedulable');
    t.podFailure(T + 60_000, 'web-2', 'Unschedulable');
    expect(t.summary(T + 61_000).podFailures.map((f) => [f.pod, f.reason, f.at - T])).toEqual([
      ['web-1', 'OOMKilled', 0], ['web-1', 'OOMKilled', 30_000], ['web-2', 'Unschedulable', 0],
    ]);
  });
});
