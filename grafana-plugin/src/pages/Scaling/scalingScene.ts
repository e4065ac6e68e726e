import {
  EmbeddedScene,
  QueryVariable,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import { VARIABLE_QUERIES } from '@scaletrace/dashboards';

import { DATASOURCE_REFS, datasourceVariables, onboardingItems } from '../../scenes';
import { DATASOURCE_KINDS, type AppSettings } from '../../settings';
import { CreateAlertRulesScene } from './CreateAlertRulesScene';
import { episodesPanel, lagOverTimePanel, podFailuresPanel, timeAtMaxPanel } from './scalingPanels';

function hpaVariable(name: 'namespace' | 'hpa', label: string, query: string): QueryVariable {
  return new QueryVariable({
    name,
    label,
    datasource: DATASOURCE_REFS.prometheus,
    query: { refId: name, query },
    isMulti: true,
    includeAll: true,
    defaultToAll: true,
    // The shared queries take regular expressions; All means any value.
    allValue: '.+',
  });
}

/** HPAs across runs: lag per episode, time pinned at max, pod failures, and the alert rules. */
export function scalingScene(settings: AppSettings): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-7d', to: 'now' }),
    $variables: new SceneVariableSet({
      variables: [
        ...datasourceVariables(settings, DATASOURCE_KINDS),
        hpaVariable('namespace', 'Namespace', VARIABLE_QUERIES.anyRunNamespace),
        hpaVariable('hpa', 'HPA', VARIABLE_QUERIES.anyRunHpa),
      ],
    }),
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({}),
      new SceneRefreshPicker({}),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        ...onboardingItems(settings, DATASOURCE_KINDS),
        new SceneFlexItem({ minHeight: 320, body: episodesPanel() }),
        new SceneFlexLayout({
          direction: 'row',
          children: [
            new SceneFlexItem({ minHeight: 260, body: lagOverTimePanel() }),
            new SceneFlexItem({ minHeight: 260, body: timeAtMaxPanel() }),
            new SceneFlexItem({ minHeight: 260, body: podFailuresPanel() }),
          ],
        }),
        new SceneFlexItem({ body: new CreateAlertRulesScene() }),
      ],
    }),
  });
}
