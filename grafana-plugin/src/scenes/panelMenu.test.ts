import { act } from '@testing-library/react';
import {
  EmbeddedScene,
  PanelBuilders,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneTimeRange,
  VizPanelMenu,
  type VizPanel,
} from '@grafana/scenes';

import { activate } from '../test/activate';
import { setupSceneTestEnv } from '../test/sceneTestEnv';
import { panelMenu } from './panelMenu';

function sceneWith(panel: VizPanel, from = 'now-6h', to = 'now'): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from, to }),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: panel })] }),
  });
}

function promPanel(): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('RPS')
    .setData(
      new SceneQueryRunner({
        datasource: { type: 'prometheus', uid: 'prom-2' },
        queries: [{ refId: 'rps', expr: 'sum(rate(loadtest_requests_total[1m]))', legendFormat: 'rps' }],
      })
    )
    .setMenu(panelMenu())
    .build();
}

/** The panes of an Explore URL. */
function panes(href: string) {
  return JSON.parse(new URLSearchParams(href.split('?')[1]).get('panes')!);
}

describe('panel menu', () => {
  beforeEach(setupSceneTestEnv);

  it('opens the panel\u2019s queries in Explore, on its data source and time range', async () => {
    const panel = promPanel();
    await activate(sceneWith(panel));
    const menu = panel.state.menu as VizPanelMenu;
    expect(menu).toBeInstanceOf(VizPanelMenu);
    expect(menu.state.items).toEqual([
      {
        text: 'Explore',
        iconClassName: 'compass',
        // As Grafana 12's getExploreUrl renders it (urlUtil.renderUrl keeps `:` and `,`).
        href:
          '/explore?panes=%7B%22scaletrace%22:%7B%22datasource%22:%22prom-2%22,%22queries%22:%5B%7B%22refId%22:%22rps%22,' +
          '%22expr%22:%22sum%28rate%28loadtest_requests_total%5B1m%5D%29%29%22,%22legendFormat%22:%22rps%22,' +
          '%22datasource%22:%7B%22uid%22:%22prom-2%22,%22type%22:%22prometheus%22%7D%7D%5D,' +
          '%22range%22:%7B%22from%22:%22now-6h%22,%22to%22:%22now%22%7D%7D%7D&schemaVersion=1',
      },
    ]);
  });

  it('follows the time range', async () => {
    const panel = promPanel();
    const scene = sceneWith(panel);
    await activate(scene);
    await act(async () => {
      scene.state.$timeRange!.setState({ from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T10:20:00.000Z' });
      await new Promise((r) => setTimeout(r, 0));
    });
    const href = (panel.state.menu as VizPanelMenu).state.items?.[0]?.href ?? '';
    expect(panes(href).scaletrace.range).toEqual({ from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T10:20:00.000Z' });
  });

  it('has no items while the panel has no queries to open', async () => {
    const panel = PanelBuilders.text().setTitle('Notes').setMenu(panelMenu()).build();
    await activate(sceneWith(panel));
    expect((panel.state.menu as VizPanelMenu).state.items).toEqual([]);
  });
});
