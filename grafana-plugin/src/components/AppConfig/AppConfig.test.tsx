import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { PluginType, type AppPluginMeta, type PluginMeta } from '@grafana/data';
import { locationService } from '@grafana/runtime';

import { fakeBackendSrv } from '../../test/fakeBackendSrv';
import { setupSceneTestEnv } from '../../test/sceneTestEnv';
import { testIds } from '../testIds';
import AppConfig, { type AppConfigProps } from './AppConfig';
import type { AppSettings } from '../../settings';

function props(jsonData: AppSettings): AppConfigProps {
  const meta = {
    id: 'scaletrace-app',
    name: 'ScaleTrace',
    type: PluginType.app,
    enabled: true,
    pinned: true,
    jsonData,
  } as unknown as AppPluginMeta<AppSettings>;
  return { plugin: { meta } as AppConfigProps['plugin'], query: {} as never };
}

describe('AppConfig', () => {
  beforeEach(setupSceneTestEnv);

  it('offers a picker per data source type and saves the choices as jsonData', async () => {
    const reload = jest.spyOn(locationService, 'reload').mockImplementation(() => undefined);
    const requests = fakeBackendSrv({});
    render(<AppConfig {...props({ prometheusUid: 'prom-2' })} />);

    for (const kind of ['prometheus', 'tempo', 'loki'] as const) {
      expect(screen.getByTestId(testIds.appConfig[kind])).toBeInTheDocument();
    }
    await act(async () => fireEvent.click(screen.getByTestId(testIds.appConfig.submit)));

    const saved = requests.find((r) => r.url === '/api/plugins/scaletrace-app/settings')!;
    expect(saved.method).toBe('POST');
    expect((saved.data as Partial<PluginMeta<AppSettings>>).jsonData).toEqual({
      prometheusUid: 'prom-2',
      tempoUid: 'scaletrace-tempo',
      lokiUid: 'scaletrace-loki',
    });
    expect(reload).toHaveBeenCalled();
  });
});
