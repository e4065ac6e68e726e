import { act } from '@testing-library/react';
import { QueryVariable, sceneGraph, SceneDataTransformer, SceneQueryRunner, VizPanel } from '@grafana/scenes';
import { podFailures, scalingEpisodeSpans, timeAtMaxReplicas, VARIABLE_QUERIES } from '@scaletrace/dashboards';

import { SCALING_SCOPE } from '../../queries';
import { activate } from '../../test/activate';
import { interpolatedQueries, setupSceneTestEnv, variableValuesWith } from '../../test/sceneTestEnv';
import { CreateAlertRulesScene } from './CreateAlertRulesScene';
import { scalingScene } from './scalingScene';

function runnerOf(panel: VizPanel): SceneQueryRunner {
  const data = panel.state.$data;
  return (data instanceof SceneDataTransformer ? data.state.$data : data) as SceneQueryRunner;
}

describe('Scaling scene', () => {
  beforeEach(setupSceneTestEnv);

  it('compares HPAs across runs: episodes from Tempo, time at max from Prometheus, pod failures from Loki', () => {
    const scene = scalingScene({});
    const panels = new Map(
      (sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[]).map((p) => [p.state.title, p])
    );
    expect([...panels.keys()]).toEqual([
      'Scaling lag per episode, across runs',
      'Mean scale-up lag per HPA',
      'Time at max replicas',
      'Pod failures',
    ]);
    const q = (title: string) =>
      runnerOf(panels.get(title)!).state.queries[0] as unknown as { expr?: string; query?: string };
    expect(q('Scaling lag per episode, across runs').query).toBe(scalingEpisodeSpans({ hpa: '$hpa' }));
    expect(q('Time at max replicas').expr).toBe(timeAtMaxReplicas(SCALING_SCOPE));
    expect(q('Pod failures').expr).toBe(podFailures({ hpa: '$hpa', namespace: '$namespace', range: '$__range' }));
    expect(sceneGraph.findObject(scene, (o) => o instanceof CreateAlertRulesScene)).toBeTruthy();
  });

  it('interpolates the HPA variables as regular expressions (All = any HPA)', async () => {
    variableValuesWith(() => [{ text: 'web' }, { text: 'api' }]);
    const scene = scalingScene({ tempoUid: 'tempo-1' });
    const hpa = sceneGraph.lookupVariable('hpa', scene.state.body) as QueryVariable;
    expect(hpa.state.query).toEqual({ refId: 'hpa', query: VARIABLE_QUERIES.anyRunHpa });
    await activate(scene);
    expect(interpolatedQueries('tempo-1')).toEqual([scalingEpisodeSpans({ hpa: '.+' })]);
    expect(hpa.state.options.map((o) => o.value)).toEqual(['web', 'api']);
  });

  it('narrows every panel to the HPAs picked', async () => {
    variableValuesWith(() => [{ text: 'web' }, { text: 'api' }]);
    const scene = scalingScene({ prometheusUid: 'prom-1', tempoUid: 'tempo-1' });
    await activate(scene);
    await act(async () => (sceneGraph.lookupVariable('hpa', scene.state.body) as QueryVariable).changeValueTo(['web']));
    expect(interpolatedQueries('tempo-1')).toContain(scalingEpisodeSpans({ hpa: 'web' }));
    expect(interpolatedQueries('prom-1')).toContain(
      timeAtMaxReplicas({ ...SCALING_SCOPE, hpa: 'web', namespace: '.+' })
    );
  });
});
