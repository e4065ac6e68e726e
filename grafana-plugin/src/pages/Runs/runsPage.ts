import { SceneAppPage } from '@grafana/scenes';

import { ROUTES } from '../../constants';
import type { AppSettings } from '../../settings';
import { prefixRoute } from '../../utils/utils.routing';
import { runsScene } from './runsScene';

export function runsPage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Load-test runs',
    subTitle: 'Every ScaleTrace run in the time range: did it pass, how fast, how far did it scale.',
    url: prefixRoute(ROUTES.Runs),
    routePath: `${ROUTES.Runs}/*`,
    getScene: () => runsScene(settings),
  });
}
