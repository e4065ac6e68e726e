import React from 'react';
import { render, screen, fireEvent, act } from '@testing-library/react';
import { LoadingState } from '@grafana/data';
import { selectors } from '@grafana/e2e-selectors';
import {
  EmbeddedScene,
  sceneGraph,
  SceneQueryRunner,
  SceneTimeRange,
  SceneVariableSet,
  VizPanel,
} from '@grafana/scenes';

import { datasourceVariables } from '../../../scenes';
import { activate } from '../../../test/activate';
import { respondWith, sentRequests, setupSceneTestEnv } from '../../../test/sceneTestEnv';
import { tempoSpansFrame } from '../../../test/tempoFrames';
import { FAILED_REQUESTS_LIMIT, FailedRequestsScene } from './FailedRequestsScene';

const RUN = 'r-42';
const FAILED_AT = Date.UTC(2024, 4, 1, 10, 0, 30);

function setup() {
  const failed = new FailedRequestsScene({ runId: RUN });
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    $variables: new SceneVariableSet({ variables: datasourceVariables({}, ['prometheus', 'tempo']) }),
    body: failed,
  });
  return { scene, failed };
}

describe('Failed requests', () => {
  beforeEach(setupSceneTestEnv);

  it('asks Tempo for the run’s error spans with the table’s attributes', async () => {
    const { scene } = setup();
    await activate(scene);
    const tempo = sentRequests.filter((r) => r.uid === 'tempo-1').map((r) => r.request.targets[0]);
    expect(tempo).toEqual([
      expect.objectContaining({
        queryType: 'traceql',
        tableType: 'spans',
        query:
          '{ kind = client && status = error && span."loadtest.run.id" = "r-42" } | select(span."loadtest.request.name", span."http.response.status_code", span."error.type", span."loadtest.target.pod")',
        limit: FAILED_REQUESTS_LIMIT,
      }),
    ]);
  });

  it('lists failed requests; a row opens its trace beside the replicas at that moment', async () => {
    respondWith((req) =>
      req.targets[0]?.refId === 'failed'
        ? {
            series: [
              tempoSpansFrame([
                {
                  traceId: 'abc123',
                  time: FAILED_AT,
                  request: 'predict',
                  status: '503',
                  errorType: '503',
                  durationNs: 12_300_000,
                  pod: 'web-7d9f-x2',
                },
              ]),
            ],
          }
        : { series: [] }
    );
    const { scene, failed } = setup();
    await activate(scene);
    render(<scene.Component model={scene} />);

    expect(screen.getByText('2024-05-01 10:00:30.000')).toBeInTheDocument();
    expect(screen.getByText('web-7d9f-x2')).toBeInTheDocument();
    expect(screen.getByText('12.3 ms')).toBeInTheDocument();

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'predict' })));
    expect(failed.state.traceId).toBe('abc123');
    expect(failed.getUrlState()).toEqual({ traceId: 'abc123', traceTime: String(FAILED_AT) });

    const view = failed.state.traceView!;
    const trace = sceneGraph.findObject(
      view,
      (o) => o instanceof VizPanel && o.state.pluginId === 'traces'
    ) as VizPanel;
    expect((trace.state.$data as SceneQueryRunner).state.queries).toEqual([
      { refId: 'trace', queryType: 'traceql', query: 'abc123' },
    ]);
    const stat = sceneGraph.findObject(view, (o) => o instanceof VizPanel && o.state.pluginId === 'stat') as VizPanel;
    expect(
      ((stat.state.$data as SceneQueryRunner).state.queries as unknown as Array<{ expr: string }>).map((q) => q.expr)
    ).toEqual(
      ['k8s_hpa_current_replicas', 'k8s_hpa_desired_replicas', 'k8s_deployment_available'].map(
        (m) =>
          `max by (k8s_namespace_name, k8s_hpa_name) (${m}{loadtest_run_id="r-42", k8s_namespace_name=~".+", k8s_hpa_name=~".+"})`
      )
    );
    // Instant queries evaluate at the end of the range: the moment the request failed.
    expect(sceneGraph.getTimeRange(stat).state.value.to.valueOf()).toBe(FAILED_AT);

    // In a drawer, with Grafana's close button.
    await act(async () => fireEvent.click(screen.getByTestId(selectors.components.Drawer.General.close)));
    expect(failed.state.traceView).toBeUndefined();
  });

  it('restores an open trace from the URL', () => {
    const { failed } = setup();
    failed.updateFromUrl({ traceId: 'def', traceTime: String(FAILED_AT) });
    expect(failed.state.traceView).toBeDefined();
    failed.updateFromUrl({});
    expect(failed.state.traceView).toBeUndefined();
  });

  it('says when the run has no failed requests', async () => {
    const { scene } = setup();
    await activate(scene);
    render(<scene.Component model={scene} />);
    expect(screen.getByText(/No failed requests of this run/)).toBeInTheDocument();
  });

  it.each([LoadingState.Streaming, LoadingState.Loading])(
    'shows a loading state, not "No failed requests", while Tempo is still answering (%s)',
    async (state) => {
      respondWith(() => ({ state, series: [] }));
      const { scene } = setup();
      await activate(scene);
      render(<scene.Component model={scene} />);
      expect(screen.getByText('Searching Tempo for failed requests…')).toBeInTheDocument();
      expect(screen.queryByText(/No failed requests/)).not.toBeInTheDocument();
    }
  );

  it('lists the failed requests streamed so far and says the search goes on', async () => {
    respondWith(() => ({
      state: LoadingState.Streaming,
      series: [
        tempoSpansFrame([
          {
            traceId: 'abc',
            time: FAILED_AT,
            request: 'predict',
            status: '503',
            errorType: '503',
            durationNs: 1e6,
            pod: 'p',
          },
        ]),
      ],
    }));
    const { scene } = setup();
    await activate(scene);
    render(<scene.Component model={scene} />);
    expect(screen.getByRole('button', { name: 'predict' })).toBeInTheDocument();
    expect(screen.getByText('Still searching Tempo for more…')).toBeInTheDocument();
  });

  it('shows Tempo’s error instead of an empty table', async () => {
    respondWith(() => ({ state: LoadingState.Error, errors: [{ message: 'tempo: TraceQL parse error' }] }));
    const { scene } = setup();
    await activate(scene);
    render(<scene.Component model={scene} />);
    expect(screen.getByText('Tempo query failed')).toBeInTheDocument();
    expect(screen.getByText('tempo: TraceQL parse error')).toBeInTheDocument();
  });
});
