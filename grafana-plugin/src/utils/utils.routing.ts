import { PLUGIN_BASE_URL, ROUTES } from '../constants';

/** Prefixes the route with the base URL of the plugin. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

/** The Run page of one run (the Runs table links here). */
export function runUrl(runId: string): string {
  return prefixRoute(`${ROUTES.Run}/${encodeURIComponent(runId)}`);
}
