import { SceneApp } from '@grafana/scenes';

import { runPage } from '../../pages/Run/runPage';
import { runsPage } from '../../pages/Runs/runsPage';
import { scalingPage } from '../../pages/Scaling/scalingPage';
import type { AppSettings } from '../../settings';

export function sceneApp(settings: AppSettings): SceneApp {
  return new SceneApp({
    pages: [runsPage(settings), runPage(settings), scalingPage(settings)],
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}
