import { SceneAppPage, type SceneAppPageLike } from '@grafana/scenes';

import { ROUTES } from '../../constants';
import type { AppSettings } from '../../settings';
import { prefixRoute, runUrl } from '../../utils/utils.routing';
import { runsScene } from '../Runs/runsScene';
import { runScene } from './runScene';

/** `/run` lists the runs to pick from; `/run/:runId` is one run. */
export function runPage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Run',
    subTitle: 'Pick a run to see its latency, errors, failed requests and replicas side by side.',
    url: prefixRoute(ROUTES.Run),
    routePath: `${ROUTES.Run}/*`,
    getScene: () => runsScene(settings),
    drilldowns: [
      {
        routePath: ':runId/*',
        // react-router has decoded the param already: decoding again breaks ids with `%` (`load%test`).
        getPage: (routeMatch, parent) => runDrilldownPage(routeMatch.params.runId ?? '', parent, settings),
      },
    ],
  });
}

export function runDrilldownPage(runId: string, parent: SceneAppPageLike, settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: `Run ${runId}`,
    subTitle: 'Latency, errors, failed requests and replicas of one load-test run, on one time axis.',
    url: runUrl(runId),
    routePath: ':runId/*',
    getParentPage: () => parent,
    getScene: () => runScene(runId, settings),
  });
}
