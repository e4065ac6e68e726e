import { existsSync, readFileSync } from 'fs';
import { basename, join } from 'path';

import pluginJson from './plugin.json';

const DIST = join(__dirname, '..', 'dist');

// Checks the output of `npm run build`; CI builds before testing, so there it must exist.
const built = existsSync(join(DIST, 'module.js'));
(built || process.env.CI ? describe : describe.skip)('dist/ after build', () => {
  it.each(['module.js', 'plugin.json', 'img/logo.svg', 'README.md', 'CHANGELOG.md', 'LICENSE'])(
    'contains %s',
    (file) => {
      expect(existsSync(join(DIST, file))).toBe(true);
    }
  );

  it('bundles every included dashboard, identical to its source in dashboards/json', () => {
    const included = pluginJson.includes.filter((i) => i.type === 'dashboard').map((i) => i.path);
    expect(included).toHaveLength(3);
    for (const path of included) {
      const source = join(__dirname, '..', '..', 'dashboards', 'json', basename(path));
      expect(readFileSync(join(DIST, path), 'utf8')).toBe(readFileSync(source, 'utf8'));
    }
  });

  it('has the version and date filled into plugin.json', () => {
    const dist = JSON.parse(readFileSync(join(DIST, 'plugin.json'), 'utf8'));
    expect(dist.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dist.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(dist.includes.find((i: { name: string }) => i.name === 'Runs').path).toBe('/a/scaletrace-loadtest-app/runs');
  });
});
