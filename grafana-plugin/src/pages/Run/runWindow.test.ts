import { FieldType, LoadingState, toDataFrame, type PanelData } from '@grafana/data';
import { EmbeddedScene, SceneFlexLayout, SceneTimeRange, SceneVariableSet } from '@grafana/scenes';

import { datasourceVariables } from '../../scenes';
import { activate } from '../../test/activate';
import { respondWith, setupSceneTestEnv } from '../../test/sceneTestEnv';
import { RUN_WINDOW_MARGIN_MS, RunWindow, runWindowOf } from './runWindow';

const seconds = (refId: string, value: number) =>
  toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: [0] },
      { name: 'Value', type: FieldType.number, values: [value] },
    ],
  });

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

  it('reads the first and last export, in ms, only once both are in', () => {
    const data = (series: PanelData['series']) => ({ state: LoadingState.Done, series }) as PanelData;
    expect(runWindowOf(data([seconds('first', 100), seconds('last', 160)]))).toEqual({ firstMs: 100_000, lastMs: 160_000 });
    expect(runWindowOf(data([seconds('first', 100)]))).toBeUndefined();
    expect(runWindowOf({ ...data([seconds('first', 1), seconds('last', 2)]), state: LoadingState.Loading })).toBeUndefined();
  });

  it('sets the time range to the run ± the margin, keeps a running run at now, and stays put once fitted', async () => {
    const first = Date.parse('2024-05-01T10:00:00Z');
    const running = Date.now();
    respondWith((req) => ({
      series: req.targets.map((t) => seconds(t.refId, (t.refId === 'first' ? first : running) / 1000)),
    }));
    const s = scene(new RunWindow({ runId: 'r' }));
    await activate(s);
    expect(s.state.$timeRange!.state).toMatchObject({
      from: new Date(first - RUN_WINDOW_MARGIN_MS).toISOString(),
      to: 'now',
    });

    const fitted = scene(new RunWindow({ runId: 'r', fitted: true }));
    await activate(fitted);
    expect(fitted.state.$timeRange!.state).toMatchObject({ from: 'now-24h', to: 'now' });
  });

  it('leaves the range alone when the run is not in it', async () => {
    const s = scene(new RunWindow({ runId: 'r' }));
    await activate(s);
    expect(s.state.$timeRange!.state).toMatchObject({ from: 'now-24h', to: 'now' });
    expect((s.state.$behaviors![0] as RunWindow).state.fitted).toBe(false);
  });
});
