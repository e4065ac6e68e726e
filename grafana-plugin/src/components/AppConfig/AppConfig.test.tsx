import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { PluginType, type AppPluginMeta, type PluginMeta } from '@grafana/data';
import { locationService } from '@grafana/runtime';

import { fakeBackendSrv } from '../../test/fakeBackendSrv';
import { setupSceneTestEnv } from '../../test/sceneTestEnv';
import { testIds } from '../testIds';
import AppConfig, { type AppConfigProps } from './AppConfig';
import type { AppSettings } from '../../settings';

function props(jsonData: AppSettings): AppConfigProps {
  const meta = {
    id: 'scaletrace-loadtest-app',
    name: 'ScaleTrace',
    type: PluginType.app,
    enabled: true,
    pinned: true,
    jsonData,
  } as unknown as AppPluginMeta<AppSettings>;
  return { plugin: { meta } as AppConfigProps['plugin'], query: {} as never };
}

/** The picker of one data source type: Grafana's DataSourcePicker (a Select), found by its label. */
function picker(kind: 'prometheus' | 'tempo' | 'loki') {
  return within(screen.getByTestId(testIds.appConfig[kind])).getByRole('combobox', { name: 'Select a data source' });
}

/** Opens a picker's menu (as the keyboard does) and returns the option labels it lists. */
function openOptions(kind: 'prometheus' | 'tempo' | 'loki'): string[] {
  fireEvent.keyDown(picker(kind), { key: 'ArrowDown' });
  return screen.getAllByRole('option').map((o) => o.textContent ?? '');
}

describe('AppConfig', () => {
  beforeEach(setupSceneTestEnv);

  // sceneTestEnv's data sources: prom-1 "Prometheus", prom-2 "Mimir", tempo-1 "Tempo", loki-1 "Loki".
  it('offers a picker per data source type, listing only that type, showing the saved or provisioned choice', () => {
    fakeBackendSrv({});
    render(<AppConfig {...props({ prometheusUid: 'prom-2' })} />);

    expect(within(screen.getByTestId(testIds.appConfig.prometheus)).getByText('Mimir')).toBeInTheDocument();
    // Unset: the provisioned uid, which this Grafana does not have.
    expect(
      within(screen.getByTestId(testIds.appConfig.tempo)).getByText('scaletrace-tempo - not found')
    ).toBeInTheDocument();
    expect(openOptions('prometheus')).toEqual(['Prometheus', 'Mimir']);
    fireEvent.keyDown(picker('prometheus'), { key: 'Escape' });
    expect(openOptions('tempo')).toEqual(['Tempo']);
    fireEvent.keyDown(picker('tempo'), { key: 'Escape' });
    expect(openOptions('loki')).toEqual(['Loki']);
  });

  it('saves the picked data sources as jsonData and reloads the app', async () => {
    const reload = jest.spyOn(locationService, 'reload').mockImplementation(() => undefined);
    const requests = fakeBackendSrv({});
    render(<AppConfig {...props({ prometheusUid: 'prom-2' })} />);

    openOptions('tempo');
    fireEvent.click(screen.getByRole('option', { name: /Tempo/ }));
    expect(within(screen.getByTestId(testIds.appConfig.tempo)).getByText('Tempo')).toBeInTheDocument();
    await act(async () => fireEvent.click(screen.getByTestId(testIds.appConfig.submit)));

    const saved = requests.find((r) => r.url === '/api/plugins/scaletrace-loadtest-app/settings')!;
    expect(saved.method).toBe('POST');
    expect(saved.data as Partial<PluginMeta<AppSettings>>).toEqual({
      enabled: true,
      pinned: true,
      jsonData: { prometheusUid: 'prom-2', tempoUid: 'tempo-1', lokiUid: 'scaletrace-loki' },
    });
    expect(reload).toHaveBeenCalled();
  });
});
