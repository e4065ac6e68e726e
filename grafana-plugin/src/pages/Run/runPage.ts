import { createElement } from 'react';
import { Navigate, useLocation, useParams } from 'react-router-dom';
import { EmbeddedScene, SceneAppPage } from '@grafana/scenes';

import { ROUTES } from '../../constants';
import type { AppSettings } from '../../settings';
import { prefixRoute, runUrl } from '../../utils/utils.routing';
import { runPageTitles, RunSelection } from './RunSelection';

/** `/run?runId=<id>` is one run; `/run` lists the runs to pick from. */
export function runPage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    ...runPageTitles(undefined),
    url: prefixRoute(ROUTES.Run),
    routePath: `${ROUTES.Run}/*`,
    getScene: () => new EmbeddedScene({ body: new RunSelection({ settings }) }),
    drilldowns: [{ routePath: ':runId/*', getPage: () => new RunPathRedirect() }],
  });
}

/**
 * Links from before the id left the path (`/run/<id>`) open the run's URL of today. Their id is
 * right unless it had a `%`: Grafana's history decoded `%25` in a path before the router did.
 */
class RunPathRedirect extends SceneAppPage {
  constructor() {
    super({ ...runPageTitles(undefined), url: prefixRoute(ROUTES.Run), routePath: ':runId/*' });
  }

  static Component = function RunPathRedirectRenderer() {
    const { runId = '' } = useParams();
    const { search } = useLocation();
    return createElement(Navigate, { to: runUrl(runId, search), replace: true });
  };
}
