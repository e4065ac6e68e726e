// `npm run compat`: @grafana/levitate is-compatible of the plugin against the LOWEST Grafana it
// declares (plugin.json grafanaDependency, e.g. ">=12.3.0"): every @grafana/data, ui and runtime
// export the plugin uses must exist, with a compatible signature, in that release.
//
// Levitate reads the installed versions with `npm list --depth 0` next to the module; in this npm
// workspace the @grafana packages are the plugin workspace's (hoisted to the root), which that
// listing does not show, so levitate would silently skip every package. The check therefore runs in
// a temporary standalone view of the plugin: its src/ and tsconfig, a package.json naming the
// installed versions, and the repository's node_modules. A skipped package fails the check.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const plugin = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(plugin, '..');
const PACKAGES = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];

const range = JSON.parse(readFileSync(join(plugin, 'src', 'plugin.json'), 'utf8')).dependencies.grafanaDependency;
const lowest = /^>=\s*(\d+\.\d+\.\d+)$/.exec(range)?.[1];
if (!lowest) {
  console.error(`compat: plugin.json grafanaDependency "${range}" is not of the form ">=X.Y.Z"`);
  process.exit(2);
}
const installed = Object.fromEntries(PACKAGES.map((p) => [p, JSON.parse(readFileSync(join(repo, 'node_modules', p, 'package.json'), 'utf8')).version]));

const view = mkdtempSync(join(tmpdir(), 'scaletrace-levitate-'));
try {
  writeFileSync(join(view, 'package.json'), JSON.stringify({ name: 'scaletrace-loadtest-app-view', private: true, dependencies: installed }, null, 2));
  symlinkSync(join(repo, 'node_modules'), join(view, 'node_modules'), 'dir');
  cpSync(join(plugin, 'src'), join(view, 'src'), { recursive: true });
  cpSync(join(plugin, 'tsconfig.json'), join(view, 'tsconfig.json'));
  cpSync(join(plugin, '.config', 'tsconfig.json'), join(view, '.config', 'tsconfig.json'));
  const target = PACKAGES.map((p) => `${p}@${lowest}`).join(',');
  console.log(`compat: levitate is-compatible src/module.tsx against ${target} (installed: ${PACKAGES.map((p) => `${p}@${installed[p]}`).join(', ')})`);
  const levitate = join(repo, 'node_modules', '@grafana', 'levitate', 'dist', 'bin.js');
  const r = spawnSync(process.execPath, [levitate, 'is-compatible', '--path', 'src/module.tsx', '--target', target], {
    cwd: view, encoding: 'utf8', timeout: 10 * 60_000, env: { ...process.env, FORCE_COLOR: '0' },
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  process.stdout.write(output);
  const skipped = /Skipping package|Could not process the package/.test(output);
  if (r.status !== 0 || skipped || r.error) {
    console.error(`compat: FAILED (${r.error ? r.error.message : skipped ? 'a package was not checked' : `exit ${r.status}`})`);
    process.exit(1);
  }
  console.log(`compat: compatible with Grafana ${lowest}`);
} finally {
  rmSync(view, { recursive: true, force: true });
}
