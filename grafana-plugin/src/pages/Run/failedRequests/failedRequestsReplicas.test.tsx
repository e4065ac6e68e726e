import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { EmbeddedScene, SceneQueryRunner, SceneTimeRange, SceneVariableSet } from '@grafana/scenes';
import { replicas } from '@scaletrace/dashboards';

import { runHpaScope } from '../../../queries';
import { datasourceVariables } from '../../../scenes';
import { activate } from '../../../test/activate';
import { prometheusSeries, promMatrix, recording, type RecordedQuery } from '../../../test/prometheusFrames';
import { respondWith, sentRequests, setupSceneTestEnv } from '../../../test/sceneTestEnv';
import { tempoSpansFrame } from '../../../test/tempoFrames';
import { FailedRequestsScene } from './FailedRequestsScene';
import { traceExploreUrl } from './traceExploreUrl';

/*
 * Prometheus' answer is the real one recorded for run e2e-spike (recorded-prometheus/
 * failed-requests-ready.jsonc), through Grafana's Prometheus response handling. Read off that file:
 * HPA demo-target, first sample at 1796289615 s with 1 ready replica, 2 from 1796289635 s.
 * The failed request spans (Tempo) are written here, at times around those samples.
 */
const RUN = 'e2e-spike';
const READY = recording('failed-requests-ready').queries;
const FIRST = 1796289615_000;
const UP = 1796289635_000;

const failure = (traceId: string, time: number, errorType: string, pod: string) => ({
  traceId,
  time,
  request: `req-${traceId}`,
  status: errorType === 'timeout' ? undefined : errorType,
  errorType,
  durationNs: 1e6,
  pod,
});

async function renderScene(ready: RecordedQuery[] = READY) {
  respondWith((req) =>
    req.targets[0]?.refId === 'failed'
      ? {
          series: [
            tempoSpansFrame([
              failure('t1', UP - 10_000, '503', 'demo-target-7d9f-a'), // ready 1
              failure('t2', UP - 1, 'timeout', 'demo-target-7d9f-b'), // still 1: 2 only from UP
              failure('t3', UP, '503', 'demo-target-7d9f-c'), // exactly at the step: 2
              failure('t4', FIRST - 5_000, '503', 'demo-target-7d9f-d'), // before the first sample: unknown
            ]),
          ],
        }
      : req.targets[0]?.refId === 'ready'
        ? { series: prometheusSeries(ready, req) }
        : { series: [] }
  );
  const failed = new FailedRequestsScene({ runId: RUN });
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    $variables: new SceneVariableSet({ variables: datasourceVariables({}, ['prometheus', 'tempo']) }),
    body: failed,
  });
  await activate(scene);
  render(<scene.Component model={scene} />);
  return failed;
}

const readyColumn = () =>
  screen.getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[4]!.textContent);
const requestColumn = () =>
  screen.getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[1]!.textContent);

describe('Failed requests: replicas at the moment of failure', () => {
  beforeEach(setupSceneTestEnv);

  it("asks Prometheus for the run's ready replicas over the range, one point per export", async () => {
    const failed = await renderScene();
    const prom = sentRequests.filter((r) => r.uid === 'prom-1').flatMap((r) => r.request.targets);
    expect(prom).toEqual([
      expect.objectContaining({ refId: 'ready', expr: replicas(runHpaScope(RUN), 'ready'), range: true }),
    ]);
    expect((failed.state.readyReplicas as SceneQueryRunner).state.minInterval).toBe('5s');
  });

  it('shows each failure with the last ready count at or before it', async () => {
    await renderScene();
    expect(requestColumn()).toEqual(['req-t3', 'req-t2', 'req-t1', 'req-t4']);
    expect(readyColumn()).toEqual(['2', '1', '1', '–']);
  });

  it("with several HPAs, takes the one whose name starts the serving pod's", async () => {
    // The end-to-end run has one HPA: this answer is written here, in Prometheus' own JSON.
    const hpa = (name: string, ready: number) => ({
      metric: { k8s_hpa_name: name, k8s_namespace_name: 'demo' },
      values: [[FIRST / 1000 - 60, ready]] as Array<[number, number]>,
    });
    await renderScene([{ ...READY[0]!, response: promMatrix([hpa('api', 9), hpa('demo-target', 2)]) }]);
    expect(readyColumn()).toEqual(['2', '2', '2', '2']);
  });

  it('filters by error type and by ready replicas, and keeps the filter in the URL', async () => {
    const failed = await renderScene();
    const byReady = screen.getByRole('group', { name: 'Filter by ready replicas' });
    expect(within(byReady).getAllByRole('radio').map((r) => r.closest('div')!.textContent!.trim())).toEqual([
      'All',
      '1',
      '2',
      'unknown',
    ]);
    await act(async () => fireEvent.click(within(byReady).getByLabelText('1')));
    expect(requestColumn()).toEqual(['req-t2', 'req-t1']);
    expect(failed.getUrlState()).toMatchObject({ ready: '1' });

    const byError = screen.getByRole('group', { name: 'Filter by error.type' });
    await act(async () => fireEvent.click(within(byError).getByLabelText('503')));
    expect(requestColumn()).toEqual(['req-t1']);

    await act(async () => fireEvent.click(within(byReady).getByLabelText('All')));
    expect(requestColumn()).toEqual(['req-t3', 'req-t1', 'req-t4']);
    act(() => failed.updateFromUrl({ errorType: 'timeout', ready: '1' }));
    expect(requestColumn()).toEqual(['req-t2']);
  });

  it("links each trace to Explore in the page's Tempo, and the drawer says the replicas it failed with", async () => {
    await renderScene();
    expect(screen.getByRole('link', { name: 'Open trace t2 in Explore' })).toHaveAttribute(
      'href',
      traceExploreUrl('tempo-1', 't2', UP - 1, 'span1')
    );

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'req-t2' })));
    expect(screen.getByText(/Failed at 2026-12-03 09:20:34.999 with 1 ready replica\(s\)/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open in Explore' })).toHaveAttribute(
      'href',
      traceExploreUrl('tempo-1', 't2', UP - 1, 'span1')
    );
  });
});
