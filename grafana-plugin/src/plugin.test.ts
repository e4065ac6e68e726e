import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';

import { PLUGIN_BASE_URL, ROUTES } from './constants';
import pluginJson from './plugin.json';

// Grafana's plugin.json schema, checked in with where it came from (see its README).
const SCHEMA_DIR = join(__dirname, '..', 'schema');
const DASHBOARDS_SOURCE = join(__dirname, '..', '..', 'dashboards', 'json');

describe('plugin.json', () => {
  it('is valid against Grafana’s plugin JSON schema', () => {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, 'plugin.schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    expect(validate(pluginJson) ? [] : validate.errors).toEqual([]);
    expect(pluginJson).toMatchObject({ id: 'scaletrace-app', type: 'app' });
  });

  it('has a page for each route, at the path the app serves it', () => {
    const pages = pluginJson.includes.filter((i) => i.type === 'page' && i.path.startsWith('/a/'));
    const served = Object.values(ROUTES).map((r) => `${PLUGIN_BASE_URL}/${r}`);
    expect(pages.map((p) => p.path.replace('%PLUGIN_ID%', pluginJson.id)).sort()).toEqual(served.sort());
    expect(pluginJson.includes.some((i) => i.type === 'page' && i.path === '/plugins/%PLUGIN_ID%')).toBe(true);
  });

  describe.each(pluginJson.includes.filter((i) => i.type === 'dashboard').map((i) => i.path))(
    'included dashboard %s',
    (path) => {
      const bundled = join(__dirname, path);

      it('exists in the plugin and is a dashboard', () => {
        expect(existsSync(bundled)).toBe(true);
        const dashboard = JSON.parse(readFileSync(bundled, 'utf8'));
        expect(typeof dashboard.title).toBe('string');
        expect(Array.isArray(dashboard.panels)).toBe(true);
      });

      // dashboards/json is the source; `npm run build` (prebuild) refreshes the copy.
      it('is identical to its source in dashboards/json', () => {
        const source = join(DASHBOARDS_SOURCE, path.replace(/^dashboards\//, ''));
        expect(readFileSync(bundled, 'utf8')).toBe(readFileSync(source, 'utf8'));
      });
    }
  );
});
