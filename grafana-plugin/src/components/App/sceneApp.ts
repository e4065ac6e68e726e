import { createElement } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { SceneApp, SceneAppPage } from '@grafana/scenes';

import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import { runPage } from '../../pages/Run/runPage';
import { runsPage } from '../../pages/Runs/runsPage';
import { scalingPage } from '../../pages/Scaling/scalingPage';
import type { AppSettings } from '../../settings';
import { prefixRoute } from '../../utils/utils.routing';

export function sceneApp(settings: AppSettings): SceneApp {
  return new SceneApp({
    pages: [runsPage(settings), runPage(settings), scalingPage(settings), new RunsRedirect()],
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}

/** The app root (and any path no page matches) opens the Runs page, keeping the query string. */
class RunsRedirect extends SceneAppPage {
  constructor() {
    // `url` is the root: SceneApp keys its routes by url, and the Runs page has its own.
    super({ title: 'ScaleTrace', url: PLUGIN_BASE_URL, routePath: '*' });
  }

  static Component = function RunsRedirectRenderer() {
    const { search } = useLocation();
    return createElement(Navigate, { to: { pathname: prefixRoute(ROUTES.Runs), search }, replace: true });
  };
}
