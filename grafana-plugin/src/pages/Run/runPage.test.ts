import { sceneGraph, type EmbeddedScene, type SceneRouteMatch, VizPanel } from '@grafana/scenes';

import { setupSceneTestEnv } from '../../test/sceneTestEnv';
import { runUrl } from '../../utils/utils.routing';
import { runPage } from './runPage';
import { RunSelection } from './RunSelection';
import { RunWindow } from './runWindow';

const ROUTE: SceneRouteMatch = { params: {}, url: '/a/scaletrace-loadtest-app/run', path: '/run', isExact: true };

/** The Run page with its scene in place, as SceneAppPageView sets it up. */
function openPage() {
  const page = runPage({});
  const scene: EmbeddedScene = page.getScene(ROUTE);
  page.initializeScene(scene);
  const selection = scene.state.body as RunSelection;
  return { page, selection };
}

const titles = (scene: EmbeddedScene) =>
  (sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[]).map((p) => p.state.title);

describe('Run page', () => {
  beforeEach(setupSceneTestEnv);

  it('puts the run id in the query string, encoded once, keeping the other parameters', () => {
    expect(runUrl('load%test')).toBe('/a/scaletrace-loadtest-app/run?runId=load%25test');
    expect(runUrl('a b/c#d')).toBe('/a/scaletrace-loadtest-app/run?runId=a%20b%2Fc%23d');
    expect(runUrl('r-2', '?from=now-1h&runId=r-1&to=now')).toBe(
      '/a/scaletrace-loadtest-app/run?runId=r-2&from=now-1h&to=now'
    );
  });

  it('shows the run the URL names, titled with its id, and the runs to pick from without one', () => {
    const { page, selection } = openPage();
    expect(page.state.title).toBe('Run');
    expect(titles(selection.state.body)).toEqual(['Load-test runs']);

    selection.updateFromUrl({ runId: '50%-spike' });
    expect(selection.state.runId).toBe('50%-spike');
    expect(page.state.title).toBe('Run 50%-spike');
    const window = sceneGraph.findObject(selection.state.body, (o) => o instanceof RunWindow) as RunWindow;
    expect(window.state.runId).toBe('50%-spike');
    expect(titles(selection.state.body)).toContain('Target vs achieved RPS');
    expect(selection.getUrlState()).toEqual({ runId: '50%-spike' });

    selection.updateFromUrl({ runId: null });
    expect(selection.state.runId).toBeUndefined();
    expect(page.state.title).toBe('Run');
    expect(titles(selection.state.body)).toEqual(['Load-test runs']);
    expect(selection.getUrlState()).toEqual({ runId: null });
  });

  it('keeps the scene of the run when the URL names the same run again', () => {
    const { selection } = openPage();
    selection.updateFromUrl({ runId: 'r-1' });
    const body = selection.state.body;
    selection.updateFromUrl({ runId: 'r-1' });
    expect(selection.state.body).toBe(body);
  });
});
