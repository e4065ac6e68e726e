import type { PromQuery } from '@grafana/prometheus';

import { prometheusSeries, promMatrix, recording, requestOf, type Recording } from '../../../test/prometheusFrames';
import { FailedRequestsScene } from './FailedRequestsScene';
import { readyReplicasAt, readySteps } from './readyReplicasAt';

/*
 * The ready replicas of run e2e-spike as a real Prometheus answered the Failed requests scene's
 * query (recorded-prometheus/failed-requests-ready.jsonc), framed by Grafana's Prometheus handling.
 * Read off that file: one HPA, demo-target (namespace demo), samples every 5 s from 1796289615:
 * 1 ready, 2 from 1796289635, 1 again from 1796289650 to the end (1796289830).
 */
const READY = recording('failed-requests-ready');
const SECOND = 1000;
const FIRST = 1796289615 * SECOND;
const UP = 1796289635 * SECOND;
const DOWN = 1796289650 * SECOND;
const LAST = 1796289830 * SECOND;

/** The query the scene sends (the replay checks it is the one recorded). */
const targets = new FailedRequestsScene({ runId: 'e2e-spike' }).state.readyReplicas.state.queries as PromQuery[];
const recordedSteps = () => readySteps(prometheusSeries(READY.queries, requestOf(targets)));

describe('readySteps on the recorded ready replicas', () => {
  it('reads the HPA from the series labels and every 5 s sample, in time order', () => {
    const [steps, ...others] = recordedSteps();
    expect(others).toEqual([]);
    expect(steps!.hpa).toBe('demo-target');
    expect(steps!.times).toHaveLength(44);
    expect([steps!.times[0], steps!.times[4], steps!.times[7], steps!.times.at(-1)]).toEqual([FIRST, UP, DOWN, LAST]);
    expect(steps!.values.slice(0, 9)).toEqual([1, 1, 1, 1, 2, 2, 2, 1, 1]);
  });

  it('is a step function: 1 ready replica until the scale-up was Ready, 2 for 15 s, then 1', () => {
    const steps = recordedSteps();
    const at = (t: number) => readyReplicasAt(steps, t, 'demo-target-7d9f-x2');
    expect([FIRST - 1, FIRST, UP - 1, UP, DOWN - 1, DOWN, LAST + 60 * SECOND].map(at)).toEqual([
      undefined,
      1,
      1,
      2,
      2,
      1,
      1,
    ]);
    // One HPA: no pod needed (a refused connection names none).
    expect(readyReplicasAt(steps, UP, '')).toBe(2);
  });
});

describe('readyReplicasAt with several HPAs', () => {
  // The end-to-end run has one HPA: this answer is written here, in Prometheus' own JSON.
  const several: Recording['queries'] = [
    {
      ...READY.queries[0]!,
      response: promMatrix([
        { metric: { k8s_hpa_name: 'api', k8s_namespace_name: 'demo' }, values: [[1000, 7]] },
        {
          metric: { k8s_hpa_name: 'web', k8s_namespace_name: 'demo' },
          values: [
            [1000, 1],
            [1005, 2],
          ],
        },
      ]),
    },
  ];
  const steps = readySteps(prometheusSeries(several, requestOf(targets)));

  it("picks the HPA whose name starts the serving pod's, and knows nothing without a pod", () => {
    expect(readyReplicasAt(steps, 1_004_999, 'web-5c-x')).toBe(1);
    expect(readyReplicasAt(steps, 1_005_000, 'web-5c-x')).toBe(2);
    expect(readyReplicasAt(steps, 1_005_000, 'api-6d-y')).toBe(7);
    expect(readyReplicasAt(steps, 1_005_000, 'webhook-1')).toBeUndefined();
    expect(readyReplicasAt(steps, 1_005_000, '')).toBeUndefined();
  });
});
