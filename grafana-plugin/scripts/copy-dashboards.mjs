// Copies the dashboards plugin.json includes from dashboards/json (their one source) into
// src/dashboards, where webpack bundles them. The copies are generated, never committed
// (.gitignore): `npm run build` runs this first (prebuild), and src/plugin.test.ts fails, saying
// so, while they are missing or differ from their source.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const plugin = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(plugin, '..', 'dashboards', 'json');
const pluginJson = JSON.parse(readFileSync(join(plugin, 'src', 'plugin.json'), 'utf8'));

// Start empty: a dashboard no longer included must not stay behind and be bundled.
rmSync(join(plugin, 'src', 'dashboards'), { recursive: true, force: true });
for (const include of pluginJson.includes.filter((i) => i.type === 'dashboard')) {
  const from = join(source, basename(include.path));
  const to = join(plugin, 'src', include.path);
  mkdirSync(dirname(to), { recursive: true });
  try {
    copyFileSync(from, to);
  } catch (e) {
    console.error(`plugin.json includes ${include.path}, but ${from} cannot be copied: ${e.message}`);
    process.exit(1);
  }
}
