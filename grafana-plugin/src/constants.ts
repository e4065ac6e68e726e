import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** Page routes under PLUGIN_BASE_URL; plugin.json's page paths are these (checked by a test). */
export enum ROUTES {
  Runs = 'runs',
  Run = 'run',
  Scaling = 'scaling',
}
