import React, { useLayoutEffect, useState, type ReactNode } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { Route, Router, Routes } from 'react-router-dom';
import { FieldType, getLinksSupplier, toDataFrame, type DataLink } from '@grafana/data';
import { LocationServiceProvider, locationService, type PluginPageProps } from '@grafana/runtime';
import { sceneGraph, type SceneApp, VizPanel } from '@grafana/scenes';

import { RunSelection } from '../../pages/Run/RunSelection';
import { RUN_WINDOW_MARGIN_MS } from '../../pages/Run/runWindow';
import { runsScene } from '../../pages/Runs/runsScene';
import { respondWith, setupSceneTestEnv } from '../../test/sceneTestEnv';
import { RUN_ID_URL_KEY, runUrl } from '../../utils/utils.routing';
import { sceneApp } from './sceneApp';

// The page chrome shows the title, as Grafana's PluginPage does (the runtime's default shows only the body).
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ pageNav, children }: PluginPageProps) => (
    <div>
      <h1>{pageNav?.text}</h1>
      {children}
    </div>
  ),
}));

/** Grafana's router: one history (locationService's) for react-router and the scenes' URL sync. */
function GrafanaRouter({ children }: { children: ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((l: typeof history.location) => setLocation(l)), [history]);
  return (
    <LocationServiceProvider service={locationService}>
      <Router location={location} navigator={history}>
        {children}
      </Router>
    </LocationServiceProvider>
  );
}

const APP_ROUTE = '/a/scaletrace-loadtest-app/*';

/** Lets activation and queries settle. */
async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 0));
    }
  });
}

let app: SceneApp;

/** Renders the app where Grafana mounts it, at `url` (a reload: the app opened before is gone). */
async function openApp(url: string): Promise<void> {
  cleanup();
  locationService.push(url);
  app = sceneApp({});
  render(
    <GrafanaRouter>
      <Routes>
        <Route path={APP_ROUTE} element={<app.Component model={app} />} />
      </Routes>
    </GrafanaRouter>
  );
  await settle();
}

/** The Run page's content in the app opened last. */
const runSelection = (): RunSelection => sceneGraph.findObject(app, (o) => o instanceof RunSelection) as RunSelection;

/**
 * The href of the Runs table's link in a row for run `id`, made as Grafana makes it: the link of the
 * table's Run column, interpolated by @grafana/data's link supplier with the panel's interpolation
 * (the scenes' `percentencode` and `__url_time_range`).
 */
function runsTableLink(id: string): string {
  const panel = sceneGraph.findObject(runsScene({}), (o) => o instanceof VizPanel) as VizPanel;
  const override = panel.state.fieldConfig.overrides.find((o) => o.matcher.options === 'Run')!;
  const links = override.properties.find((p) => p.id === 'links')!.value as DataLink[];
  const frame = toDataFrame({ fields: [{ name: 'Run', type: FieldType.string, values: [id], config: { links } }] });
  const [link] = getLinksSupplier(frame, frame.fields[0]!, {}, panel.interpolate)({ valueRowIndex: 0 });
  return link!.href;
}

const number = (refId: string, value: number) =>
  toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: [Date.now()] },
      { name: 'Value', type: FieldType.number, values: [value] },
    ],
  });

describe('the app', () => {
  beforeEach(setupSceneTestEnv);

  it('opens the Runs page at its root, keeping the query string', async () => {
    await openApp('/a/scaletrace-loadtest-app?var-prometheus=prom-2');
    expect(locationService.getLocation().pathname).toBe('/a/scaletrace-loadtest-app/runs');
    expect(locationService.getSearchObject()['var-prometheus']).toBe('prom-2');
    expect(await screen.findByRole('heading', { name: 'Load-test runs' })).toBeTruthy();
  });

  // Ids a run may have (the CLI takes any --run-id): `%`, the URL's own delimiters, non-ASCII.
  it.each(['50%-spike', 'a/b', 'a b#c?d&e=f', 'ünï', '%25', "it's (v2)*!", 'run-2024-05-01T10:00:00Z-abc'])(
    'opens run %s from its Runs-table link, as Grafana builds and follows the link',
    async (id) => {
      const href = runsTableLink(id);
      const [path, query] = href.split('?');
      expect(path).toBe('/a/scaletrace-loadtest-app/run');
      expect(Object.fromEntries(new URLSearchParams(query))).toMatchObject({ runId: id, from: 'now-24h', to: 'now' });
      // Grafana follows an app link with locationService.push, through its history (v4), which
      // decodes the path again: the run id must come through that and the router unchanged.
      await openApp(href);
      expect(await screen.findByRole('heading', { name: `Run ${id}` })).toBeTruthy();
      const selection = runSelection();
      expect(selection.state.runId).toBe(id);
      // The page then rewrites its URL (time range, data sources): the id stays what it was.
      expect(locationService.getSearchObject()[RUN_ID_URL_KEY]).toBe(id);
      expect(locationService.getLocation().pathname).toBe('/a/scaletrace-loadtest-app/run');
    }
  );

  it('opens another run in place when the URL names another one, and the list without one', async () => {
    await openApp(runUrl('r-1'));
    expect(await screen.findByRole('heading', { name: 'Run r-1' })).toBeTruthy();
    await act(async () => locationService.push(runUrl('50%-spike')));
    await settle();
    expect(await screen.findByRole('heading', { name: 'Run 50%-spike' })).toBeTruthy();
    await act(async () => locationService.push('/a/scaletrace-loadtest-app/run'));
    await settle();
    expect(await screen.findByRole('heading', { name: 'Run' })).toBeTruthy();
    expect(runSelection().state.runId).toBeUndefined();
  });

  // Links from before the id left the path: any id without a `%` still opens its run.
  it.each(['a b', 'a#b?c&d=e', 'ünï', 'run-2024-05-01T10:00:00Z-abc'])(
    'redirects an old /run/<id> link of run %s to its run, keeping the time range',
    async (id) => {
      await openApp(`/a/scaletrace-loadtest-app/run/${encodeURIComponent(id)}?from=now-6h&to=now`);
      expect(await screen.findByRole('heading', { name: `Run ${id}` })).toBeTruthy();
      expect(locationService.getLocation().pathname).toBe('/a/scaletrace-loadtest-app/run');
      expect(locationService.getSearchObject()).toMatchObject({ [RUN_ID_URL_KEY]: id, from: 'now-6h', to: 'now' });
    }
  );

  it("opens a run linked with the Runs page's 24 h on the run's own window, and keeps it on reload", async () => {
    const first = Date.parse('2024-05-01T10:00:00Z');
    const last = Date.parse('2024-05-01T10:20:00Z');
    respondWith((req) => ({
      series: req.targets.flatMap((t) =>
        t.refId === 'first' ? [number('first', first / 1000)] : t.refId === 'last' ? [number('last', last / 1000)] : []
      ),
    }));
    await openApp(runUrl('r-1', 'from=now-24h&to=now'));
    const fitted = {
      from: new Date(first - RUN_WINDOW_MARGIN_MS).toISOString(),
      to: new Date(last + RUN_WINDOW_MARGIN_MS).toISOString(),
      runWindow: 'fitted',
    };
    expect(locationService.getSearchObject()).toMatchObject(fitted);

    // A reload (or a shared link) of a fitted or zoomed range keeps it, even if the run looks longer now.
    respondWith((req) => ({
      series: req.targets.flatMap((t) => (t.refId === 'first' ? [number('first', 0)] : [number('last', 1)])),
    }));
    const zoomed = { from: '2024-05-01T10:05:00.000Z', to: '2024-05-01T10:06:00.000Z', runWindow: 'fitted' };
    await openApp(runUrl('r-1', `from=${zoomed.from}&to=${zoomed.to}&runWindow=fitted`));
    expect(locationService.getSearchObject()).toMatchObject(zoomed);
  });
});
