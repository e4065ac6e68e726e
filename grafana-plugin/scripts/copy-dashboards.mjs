// Copies the dashboards plugin.json includes from dashboards/json (their one source) into
// src/dashboards, where the plugin bundles them. src/dashboards is checked in so the plugin's
// tests run without a build; src/dashboards.test.ts fails when the copies drift.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const plugin = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(plugin, '..', 'dashboards', 'json');
const pluginJson = JSON.parse(readFileSync(join(plugin, 'src', 'plugin.json'), 'utf8'));

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
