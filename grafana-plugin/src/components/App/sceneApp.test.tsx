import React, { useLayoutEffect, useState, type ReactNode } from 'react';
import { act, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Router, Routes } from 'react-router-dom';
import { FieldType, toDataFrame } from '@grafana/data';
import { LocationServiceProvider, locationService, type PluginPageProps } from '@grafana/runtime';

import { RUN_WINDOW_MARGIN_MS } from '../../pages/Run/runWindow';
import { respondWith, setupSceneTestEnv } from '../../test/sceneTestEnv';
import { runUrl } from '../../utils/utils.routing';
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

const APP_ROUTE = '/a/scaletrace-app/*';

/** Lets activation and queries settle. */
async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 0));
    }
  });
}

/** Renders the app where Grafana mounts it, at `url`. */
async function openApp(url: string): Promise<void> {
  locationService.push(url);
  const app = sceneApp({});
  render(
    <GrafanaRouter>
      <Routes>
        <Route path={APP_ROUTE} element={<app.Component model={app} />} />
      </Routes>
    </GrafanaRouter>
  );
  await settle();
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
    await openApp('/a/scaletrace-app?var-prometheus=prom-2');
    expect(locationService.getLocation().pathname).toBe('/a/scaletrace-app/runs');
    expect(locationService.getSearchObject()['var-prometheus']).toBe('prom-2');
    expect(await screen.findByRole('heading', { name: 'Load-test runs' })).toBeTruthy();
  });

  it.each(['run-2024-05-01T10:00:00Z-abc', 'a b/c?d#e'])('opens the run %s from its link', async (id) => {
    await openApp(runUrl(id));
    expect(await screen.findByRole('heading', { name: `Run ${id}` })).toBeTruthy();
  });

  // react-router decodes the route param once; the page used to decode it again (URIError on `%`).
  // Rendered with react-router's own history: Grafana's history v4 decodes the pathname again on
  // every replace (locationService.partial), which no page can undo for a `%` in the path.
  it.each(['load%test', '50%', 'load%25test'])('opens the run %s, its id encoded once and decoded once', async (id) => {
    const app = sceneApp({});
    render(
      <LocationServiceProvider service={locationService}>
        <MemoryRouter initialEntries={[runUrl(id)]}>
          <Routes>
            <Route path={APP_ROUTE} element={<app.Component model={app} />} />
          </Routes>
        </MemoryRouter>
      </LocationServiceProvider>
    );
    await settle();
    expect(await screen.findByRole('heading', { name: `Run ${id}` })).toBeTruthy();
  });

  it("opens a run linked with the Runs page's 24 h on the run's own window, and keeps it on reload", async () => {
    const first = Date.parse('2024-05-01T10:00:00Z');
    const last = Date.parse('2024-05-01T10:20:00Z');
    respondWith((req) => ({
      series: req.targets.flatMap((t) =>
        t.refId === 'first' ? [number('first', first / 1000)] : t.refId === 'last' ? [number('last', last / 1000)] : []
      ),
    }));
    await openApp(`${runUrl('r-1')}?from=now-24h&to=now`);
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
    await openApp(`${runUrl('r-1')}?from=${zoomed.from}&to=${zoomed.to}&runWindow=fitted`);
    expect(locationService.getSearchObject()).toMatchObject(zoomed);
  });
});
