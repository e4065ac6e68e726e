import { LoadingState, type PanelData } from '@grafana/data';
import { EmbeddedScene, SceneFlexLayout, SceneTimeRange, SceneVariableSet } from '@grafana/scenes';
import type { PromQuery } from '@grafana/prometheus';

import { datasourceVariables } from '../../scenes';
import { activate } from '../../test/activate';
import { prometheusSeries, promVector, recording, requestOf, type Recording } from '../../test/prometheusFrames';
import { respondWith, setupSceneTestEnv } from '../../test/sceneTestEnv';
import { RUN_WINDOW_MARGIN_MS, RunWindow, runWindowOf } from './runWindow';

/*
 * Run e2e-spike as a real Prometheus answered RunWindow's two instant queries
 * (recorded-prometheus/run-window.jsonc): first export 1796289613.041, last 1796289765.463 (Unix
 * seconds), asked at 1796289770; run-window-empty.jsonc: the run not in the range (no series).
 */
const RUN = 'e2e-spike';
const WINDOW = recording('run-window');
const EMPTY = recording('run-window-empty');
const FIRST_MS = 1796289613041;
const LAST_MS = 1796289765463;

const targets = new RunWindow({ runId: RUN }).state.query.state.queries as PromQuery[];
const data = (recording: Recording, state = LoadingState.Done) =>
  ({ state, series: prometheusSeries(recording.queries, requestOf(targets)) }) as PanelData;

function scene(window: RunWindow): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-24h', to: 'now' }),
    $variables: new SceneVariableSet({ variables: datasourceVariables({}, ['prometheus']) }),
    $behaviors: [window],
    body: new SceneFlexLayout({ children: [] }),
  });
}

describe('RunWindow', () => {
  beforeEach(setupSceneTestEnv);

  it("reads the first and last export from Prometheus' answer, in ms, only once both are in", () => {
    expect(runWindowOf(data(WINDOW))).toEqual({ firstMs: FIRST_MS, lastMs: LAST_MS });
    expect(runWindowOf(data(EMPTY))).toBeUndefined();
    expect(runWindowOf(data(WINDOW, LoadingState.Loading))).toBeUndefined();
    const firstOnly = { ...WINDOW, queries: [WINDOW.queries[0]!, EMPTY.queries[1]!] };
    expect(runWindowOf(data(firstOnly))).toBeUndefined();
  });

  it('sets the time range to the run ± the margin and stays put once fitted', async () => {
    respondWith((req) => ({ series: prometheusSeries(WINDOW.queries, req) }));
    const s = scene(new RunWindow({ runId: RUN }));
    await activate(s);
    expect(RUN_WINDOW_MARGIN_MS).toBe(60_000);
    expect(s.state.$timeRange!.state).toMatchObject({
      from: '2026-12-03T09:19:13.041Z',
      to: '2026-12-03T09:23:45.463Z',
    });

    const fitted = scene(new RunWindow({ runId: RUN, fitted: true }));
    await activate(fitted);
    expect(fitted.state.$timeRange!.state).toMatchObject({ from: 'now-24h', to: 'now' });
  });

  it('keeps a run still exporting at now', async () => {
    // A recording is of a finished run: this answer (last export = now) is written here.
    const nowS = Date.now() / 1000;
    const running = WINDOW.queries.map((q) => ({
      ...q,
      response: promVector([{ metric: {}, value: [nowS, q.refId === 'first' ? 1796289613.041 : nowS] }]),
    }));
    respondWith((req) => ({ series: prometheusSeries(running, req) }));
    const s = scene(new RunWindow({ runId: RUN }));
    await activate(s);
    expect(s.state.$timeRange!.state).toMatchObject({ from: '2026-12-03T09:19:13.041Z', to: 'now' });
  });

  it('leaves the range alone when the run is not in it', async () => {
    respondWith((req) => ({ series: prometheusSeries(EMPTY.queries, req) }));
    const s = scene(new RunWindow({ runId: RUN }));
    await activate(s);
    expect(s.state.$timeRange!.state).toMatchObject({ from: 'now-24h', to: 'now' });
    expect((s.state.$behaviors![0] as RunWindow).state.fitted).toBe(false);
  });
});
