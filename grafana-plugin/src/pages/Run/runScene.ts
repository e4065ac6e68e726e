import {
  behaviors,
  EmbeddedScene,
  SceneControlsSpacer,
  SceneDataLayerControls,
  SceneFlexItem,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import { DashboardCursorSync } from '@grafana/schema';

import { datasourceVariables } from '../../scenes';
import { DATASOURCE_KINDS, type AppSettings } from '../../settings';
import { FailedRequestsScene } from './failedRequests/FailedRequestsScene';
import { lagThresholdS } from './lagThreshold';
import { runAnnotations } from './runAnnotations';
import { runEpisodesPanel } from './runEpisodes';
import { errorsPanel, latencyPanel, replicasPanel, rpsPanel, runStatPanels } from './runPanels';
import { hpaUtilizationPanel, lagSeriesPanel, podCpuPanel } from './runScalingPanels';
import { RunWindow } from './runWindow';

/** One run, correlated: every panel shares the time range, the crosshair and the annotations. */
export function runScene(runId: string, settings: AppSettings): EmbeddedScene {
  const row = (...items: SceneFlexItem[]) => new SceneFlexLayout({ direction: 'row', children: items });
  const chart = (body: SceneFlexItem['state']['body']) => new SceneFlexItem({ minHeight: 280, body });
  const lagS = lagThresholdS(settings);

  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    $variables: new SceneVariableSet({ variables: datasourceVariables(settings, DATASOURCE_KINDS) }),
    $data: runAnnotations(runId),
    $behaviors: [
      new behaviors.CursorSync({ key: `run-${runId}`, sync: DashboardCursorSync.Crosshair }),
      new RunWindow({ runId }),
    ],
    controls: [
      new VariableValueSelectors({}),
      new SceneDataLayerControls(),
      new SceneControlsSpacer(),
      new SceneTimePicker({}),
      new SceneRefreshPicker({}),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexLayout({
          direction: 'row',
          children: runStatPanels(runId, lagS).map((body) => new SceneFlexItem({ height: 120, body })),
        }),
        row(chart(rpsPanel(runId)), chart(latencyPanel(runId))),
        row(chart(errorsPanel(runId)), chart(replicasPanel(runId))),
        row(chart(lagSeriesPanel(runId, lagS)), chart(hpaUtilizationPanel(runId)), chart(podCpuPanel(runId))),
        new SceneFlexItem({ minHeight: 240, body: runEpisodesPanel(runId, lagS) }),
        new SceneFlexItem({ minHeight: 200, body: new FailedRequestsScene({ runId }) }),
      ],
    }),
  });
}
