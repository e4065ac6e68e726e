import { locationUtil, urlUtil, type PanelMenuItem } from '@grafana/data';
import { getExploreURL, sceneGraph, VizPanel, VizPanelMenu, type SceneObject } from '@grafana/scenes';

/** Explore's pane key; any key works, one pane is all a panel opens. */
export const EXPLORE_PANE_ID = 'scaletrace';

/**
 * Grafana's Explore URL for a panel's queries, data source and time range, built as Grafana 12's
 * own panel menu builds it (`/explore?panes={…}&schemaVersion=1`, under Grafana's sub-path). Scenes'
 * getExploreURL interpolates the queries through the data source but writes the old `left=` pane,
 * which Grafana 12 only migrates.
 */
export async function panelExploreUrl(panel: SceneObject): Promise<string | undefined> {
  const data = sceneGraph.getData(panel).state.data;
  if (!data) {
    return undefined;
  }
  const { from, to } = sceneGraph.getTimeRange(panel).state;
  const legacy = await getExploreURL(data, panel, { from, to });
  const left = new URLSearchParams(legacy.slice(legacy.indexOf('?') + 1)).get('left');
  if (!legacy || !left) {
    return undefined;
  }
  const panes = JSON.stringify({ [EXPLORE_PANE_ID]: JSON.parse(left) });
  return locationUtil.assureBaseUrl(urlUtil.renderUrl('/explore', { panes, schemaVersion: 1 }));
}

/** Keeps the menu's items in step with its panel's data and time range while the menu is open. */
function exploreItems(menu: VizPanelMenu): () => void {
  const panel = menu.parent;
  if (!(panel instanceof VizPanel)) {
    return () => undefined;
  }
  let latest = 0;
  const update = () => {
    const call = ++latest;
    void panelExploreUrl(panel).then((href) => {
      // A newer update (data or time range changed meanwhile) wins.
      if (call === latest) {
        menu.setItems(href ? [exploreItem(href)] : []);
      }
    });
  };
  const subs = [
    sceneGraph.getData(panel).subscribeToState(update),
    sceneGraph.getTimeRange(panel).subscribeToState(update),
  ];
  update();
  return () => {
    latest++;
    subs.forEach((s) => s.unsubscribe());
  };
}

function exploreItem(href: string): PanelMenuItem {
  return { text: 'Explore', iconClassName: 'compass', href };
}

/** A panel menu with "Explore" (the panel's queries in Explore), as Grafana's dashboards give every panel. */
export function panelMenu(): VizPanelMenu {
  return new VizPanelMenu({ $behaviors: [exploreItems] });
}
