import { PLUGIN_BASE_URL, ROUTES } from '../constants';

/** The query parameter of the Run page that names its run (the Runs table's links set it). */
export const RUN_ID_URL_KEY = 'runId';

/** Prefixes the route with the base URL of the plugin. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

/**
 * The Run page of one run, keeping the other parameters of `search` (time range, data sources).
 * The id rides in the query string, never in the path: Grafana's history (v4) decodes a path once
 * more on every navigation, so a path can carry no `%` (`%25` became `%`, a lone `%` threw).
 */
export function runUrl(runId: string, search = ''): string {
  const params = new URLSearchParams(search);
  params.delete(RUN_ID_URL_KEY);
  const rest = params.toString();
  return `${prefixRoute(ROUTES.Run)}?${RUN_ID_URL_KEY}=${encodeURIComponent(runId)}${rest ? `&${rest}` : ''}`;
}
