import { existsSync, readdirSync, readFileSync } from 'fs';
import { basename, join } from 'path';
import Ajv from 'ajv';

import { PLUGIN_BASE_URL, ROUTES } from './constants';
import pluginJson from './plugin.json';

// Grafana's plugin.json schema, checked in with where it came from (see its README).
const SCHEMA_DIR = join(__dirname, '..', 'schema');
const DASHBOARDS_SOURCE = join(__dirname, '..', '..', 'dashboards', 'json');
const DASHBOARDS = pluginJson.includes.filter((i) => i.type === 'dashboard').map((i) => i.path);
const GENERATE =
  'the plugin bundles copies of dashboards/json that `npm run build --workspace grafana-plugin` generates ' +
  '(prebuild: scripts/copy-dashboards.mjs); build, or run that script, before these tests';

describe('plugin.json', () => {
  it('is valid against Grafana’s plugin JSON schema', () => {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, 'plugin.schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    expect(validate(pluginJson) ? [] : validate.errors).toEqual([]);
    expect(pluginJson).toMatchObject({ id: 'scaletrace-loadtest-app', type: 'app' });
  });

  it('has a page for each route, at the path the app serves it', () => {
    const pages = pluginJson.includes.filter((i) => i.type === 'page' && i.path.startsWith('/a/'));
    const paths = pages.map((p) => p.path.replace('%PLUGIN_ID%', pluginJson.id)).sort();
    expect(paths).toEqual(['/a/scaletrace-loadtest-app/run', '/a/scaletrace-loadtest-app/runs', '/a/scaletrace-loadtest-app/scaling']);
    expect(Object.values(ROUTES).map((r) => `${PLUGIN_BASE_URL}/${r}`).sort()).toEqual(paths);
    expect(pluginJson.includes.some((i) => i.type === 'page' && i.path === '/plugins/%PLUGIN_ID%')).toBe(true);
  });

  it('includes every dashboard of dashboards/json', () => {
    expect([...DASHBOARDS].sort()).toEqual([
      'dashboards/generator-health.json',
      'dashboards/load-test-run.json',
      'dashboards/scaling-lag.json',
    ]);
    expect(readdirSync(DASHBOARDS_SOURCE).sort()).toEqual(DASHBOARDS.map((path) => basename(path)).sort());
  });

  describe.each(DASHBOARDS)('included dashboard %s', (path) => {
    const source = join(DASHBOARDS_SOURCE, basename(path));

    it('has its source in dashboards/json, a dashboard', () => {
      const dashboard = JSON.parse(readFileSync(source, 'utf8'));
      expect(typeof dashboard.title).toBe('string');
      expect(dashboard.panels.length).toBeGreaterThan(0);
    });

    // The plugin bundles src/<path>, a copy `npm run build` generates (not in git).
    it('is bundled as an up-to-date copy of its source', () => {
      const bundled = join(__dirname, path);
      if (!existsSync(bundled)) {
        throw new Error(`${bundled} is missing: ${GENERATE}`);
      }
      if (readFileSync(bundled, 'utf8') !== readFileSync(source, 'utf8')) {
        throw new Error(`${bundled} differs from ${source}: ${GENERATE}`);
      }
    });
  });
});
