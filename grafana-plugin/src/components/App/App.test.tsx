import React from 'react';
import { act, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { LocationServiceProvider, locationService } from '@grafana/runtime';
import { EmbeddedScene, SceneAppPage, SceneObjectBase, type SceneObjectState } from '@grafana/scenes';

import type { AppSettings } from '../../settings';
import { setupSceneTestEnv } from '../../test/sceneTestEnv';
import { prefixRoute } from '../../utils/utils.routing';
import { ROUTES } from '../../constants';
import App from './App';

/** A scene whose component throws while rendering, as a bug in one panel or page would. */
class CrashingScene extends SceneObjectBase<SceneObjectState> {
  static Component = function CrashingRenderer(): React.ReactElement {
    throw new Error('cannot read properties of undefined (reading "fields")');
  };
}

// The Runs page (the app's landing page) crashes.
jest.mock('../../pages/Runs/runsPage', () => ({
  runsPage: () =>
    new SceneAppPage({
      title: 'Load-test runs',
      url: '/a/scaletrace-loadtest-app/runs',
      routePath: 'runs/*',
      getScene: () => new EmbeddedScene({ body: new CrashingScene({}) }),
    }),
}));

function renderApp() {
  const props = { meta: { jsonData: {} } } as unknown as AppRootProps<AppSettings>;
  return render(
    <LocationServiceProvider service={locationService}>
      <MemoryRouter initialEntries={[prefixRoute(ROUTES.Runs)]}>
        <Routes>
          <Route path="/a/scaletrace-loadtest-app/*" element={<App {...props} />} />
        </Routes>
      </MemoryRouter>
    </LocationServiceProvider>
  );
}

describe('the app', () => {
  beforeEach(() => {
    setupSceneTestEnv();
    // React logs every caught render error; the boundary logs it once more.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows a crashing page as an error with a way out, not a blank page', async () => {
    renderApp();
    await act(async () => new Promise((r) => setTimeout(r, 0)));
    expect(screen.getByText('Something went wrong in ScaleTrace')).toBeTruthy();
    expect(screen.getByText('cannot read properties of undefined (reading "fields")')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reload page' })).toBeTruthy();
  });
});
