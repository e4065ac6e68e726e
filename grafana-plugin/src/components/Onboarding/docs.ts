import { PLUGIN_ID } from '../../constants';

/**
 * The plugin's own overview page in Grafana: it shows the plugin's README (bundled in dist), whose
 * "Sending data" section sums up docs/deploy.md and docs/telemetry.md. A link that always resolves,
 * wherever the repository is hosted.
 */
const OVERVIEW_URL = `/plugins/${PLUGIN_ID}?page=overview`;

export const DOCS_URLS = {
  /** Collector, Prometheus/Tempo/Loki and the Grafana data sources (docs/deploy.md). */
  deploy: `${OVERVIEW_URL}#sending-data`,
  /** What a run exports and the env vars that turn it on (docs/telemetry.md). */
  telemetry: `${OVERVIEW_URL}#sending-data`,
} as const;

/** The app's configuration page in Grafana, where its data sources are picked. */
export const APP_CONFIG_URL = `/plugins/${PLUGIN_ID}`;
