import { AppConfigPage, AppPage, test as base } from '@grafana/plugin-e2e';
import pluginJson from '../src/plugin.json';

type AppTestFixture = {
  appConfigPage: AppConfigPage;
  gotoPage: (path?: string) => Promise<AppPage>;
};

/*
 * These specs drive a real Grafana with the plugin installed (dist/ mounted, see README.md) at
 * GRAFANA_URL. There is no Grafana in our CI, so without GRAFANA_URL every spec is skipped.
 */
export const test = base.extend<AppTestFixture>({
  appConfigPage: async ({ gotoAppConfigPage }, use) => {
    const configPage = await gotoAppConfigPage({
      pluginId: pluginJson.id,
    });
    await use(configPage);
  },
  gotoPage: async ({ gotoAppPage }, use) => {
    await use((path) =>
      gotoAppPage({
        path,
        pluginId: pluginJson.id,
      })
    );
  },
});

test.skip(!process.env.GRAFANA_URL, 'needs a Grafana with the plugin at GRAFANA_URL');

export { expect } from '@grafana/plugin-e2e';
