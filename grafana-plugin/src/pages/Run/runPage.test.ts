import { matchRoutes } from 'react-router-dom';
import type { SceneAppPage } from '@grafana/scenes';

import { runUrl } from '../../utils/utils.routing';
import { runPage } from './runPage';

/** The drilldown page for a URL, as SceneApp builds it: react-router's (decoded) param in. */
function drilldownFor(url: string): SceneAppPage {
  const page = runPage({});
  const [match] = matchRoutes([{ path: '/a/scaletrace-app/run/:runId/*' }], url)!;
  const routeMatch = { params: match!.params, url, path: match!.route.path!, isExact: true };
  return page.state.drilldowns![0]!.getPage(routeMatch, page) as SceneAppPage;
}

describe('Run page', () => {
  it.each(['load%test', '50%', 'load%25test', 'a b/c?d#e', 'run-2024-05-01T10:00:00Z-abc'])(
    'opens run %s from its link: encoded once by the link, decoded once by the router',
    (id) => {
      const page = drilldownFor(runUrl(id));
      expect(page.state.title).toBe(`Run ${id}`);
      expect(page.state.url).toBe(runUrl(id));
    }
  );

  it('encodes the id exactly once in links', () => {
    expect(runUrl('load%test')).toBe('/a/scaletrace-app/run/load%25test');
    expect(runUrl('a b/c')).toBe('/a/scaletrace-app/run/a%20b%2Fc');
  });
});
