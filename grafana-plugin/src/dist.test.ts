import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

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

  it('bundles every included dashboard', () => {
    for (const include of pluginJson.includes.filter((i) => i.type === 'dashboard')) {
      expect(existsSync(join(DIST, include.path))).toBe(true);
    }
  });

  it('has the version and date filled into plugin.json', () => {
    const dist = JSON.parse(readFileSync(join(DIST, 'plugin.json'), 'utf8'));
    expect(dist.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dist.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(dist.includes.find((i: { name: string }) => i.name === 'Runs').path).toBe('/a/scaletrace-app/runs');
  });
});
