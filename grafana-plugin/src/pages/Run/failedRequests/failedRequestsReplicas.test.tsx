import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import { EmbeddedScene, SceneQueryRunner, SceneTimeRange, SceneVariableSet } from '@grafana/scenes';
import { replicas } from '@scaletrace/dashboards';

import { runHpaScope } from '../../../queries';
import { datasourceVariables } from '../../../scenes';
import { activate } from '../../../test/activate';
import { respondWith, sentRequests, setupSceneTestEnv } from '../../../test/sceneTestEnv';
import { tempoSpansFrame } from '../../../test/tempoFrames';
import { FailedRequestsScene } from './FailedRequestsScene';
import { traceExploreUrl } from './traceExploreUrl';

const RUN = 'r-42';
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

/** A Prometheus range answer as Grafana's data source frames it: Time, and Value labelled per series. */
function readyFrame(hpa: string, points: Array<[number, number]>): DataFrame {
  return createDataFrame({
    refId: 'ready',
    fields: [
      { name: 'Time', type: FieldType.time, values: points.map(([t]) => t) },
      {
        name: 'Value',
        type: FieldType.number,
        values: points.map(([, v]) => v),
        labels: { k8s_hpa_name: hpa, k8s_namespace_name: 'default' },
      },
    ],
  });
}

const failure = (traceId: string, time: number, errorType: string, pod: string) => ({
  traceId,
  time,
  request: `req-${traceId}`,
  status: errorType === 'timeout' ? undefined : errorType,
  errorType,
  durationNs: 1e6,
  pod,
});

async function renderScene(ready: DataFrame[]) {
  respondWith((req) =>
    req.targets[0]?.refId === 'failed'
      ? {
          series: [
            tempoSpansFrame([
              failure('t1', T0 + 10_000, '503', 'web-7d9f-a'), // ready 1 (set at T0)
              failure('t2', T0 + 29_999, 'timeout', 'web-7d9f-b'), // still 1: 3 only from T0+30s
              failure('t3', T0 + 30_000, '503', 'web-7d9f-c'), // exactly at the step: 3
              failure('t4', T0 - 5_000, '503', 'web-7d9f-d'), // before the first sample: unknown
            ]),
          ],
        }
      : req.targets[0]?.refId === 'ready'
        ? { series: ready }
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
    const failed = await renderScene([]);
    const prom = sentRequests.filter((r) => r.uid === 'prom-1').flatMap((r) => r.request.targets);
    expect(prom).toEqual([
      expect.objectContaining({ refId: 'ready', expr: replicas(runHpaScope(RUN), 'ready'), range: true }),
    ]);
    expect((failed.state.readyReplicas as SceneQueryRunner).state.minInterval).toBe('5s');
  });

  it('shows each failure with the last ready count at or before it', async () => {
    await renderScene([readyFrame('web', [[T0 + 30_000, 3], [T0, 1], [T0 + 60_000, 5]])]);
    expect(requestColumn()).toEqual(['req-t3', 'req-t2', 'req-t1', 'req-t4']);
    expect(readyColumn()).toEqual(['3', '1', '1', '–']);
  });

  it("with several HPAs, takes the one whose name starts the serving pod's", async () => {
    await renderScene([
      readyFrame('api', [[T0 - 60_000, 9]]),
      readyFrame('web', [[T0 - 60_000, 2]]),
    ]);
    expect(readyColumn()).toEqual(['2', '2', '2', '2']);
  });

  it('filters by error type and by ready replicas, and keeps the filter in the URL', async () => {
    const failed = await renderScene([readyFrame('web', [[T0, 1], [T0 + 30_000, 3]])]);
    const byReady = screen.getByRole('group', { name: 'Filter by ready replicas' });
    expect(within(byReady).getAllByRole('radio').map((r) => r.closest('div')!.textContent!.trim())).toEqual([
      'All',
      '1',
      '3',
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
    await renderScene([readyFrame('web', [[T0, 1], [T0 + 30_000, 3]])]);
    expect(screen.getByRole('link', { name: 'Open trace t2 in Explore' })).toHaveAttribute(
      'href',
      traceExploreUrl('tempo-1', 't2', T0 + 29_999, 'span1')
    );

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'req-t2' })));
    expect(screen.getByText(/Failed at 2024-05-01 10:00:29.999 with 1 ready replica\(s\)/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open in Explore' })).toHaveAttribute(
      'href',
      traceExploreUrl('tempo-1', 't2', T0 + 29_999, 'span1')
    );
  });
});
