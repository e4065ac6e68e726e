import { SceneAppPage } from '@grafana/scenes';

import { ROUTES } from '../../constants';
import type { AppSettings } from '../../settings';
import { prefixRoute } from '../../utils/utils.routing';
import { scalingScene } from './scalingScene';

export function scalingPage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Scaling',
    subTitle: 'How fast each HPA reacted, across runs: lag per episode, time at max replicas, pod failures.',
    url: prefixRoute(ROUTES.Scaling),
    routePath: `${ROUTES.Scaling}/*`,
    getScene: () => scalingScene(settings),
  });
}
