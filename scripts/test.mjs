// `npm test`: jest's two projects (jest.config.js) in two processes. The Node packages need
// --experimental-vm-modules (ESM-only @kubernetes/client-node through import()); under that flag
// jest refuses require() of "type": "module" packages, which the Grafana plugin's CommonJS
// dependencies (@grafana/data → marked, d3, …) do, so the plugin's project runs without it.
// Arguments go to both runs; a run whose project matches none of them passes with no tests.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const jest = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'jest', 'bin', 'jest.js');
const args = process.argv.slice(2);
const runs = [
  { project: 'node', node: ['--experimental-vm-modules'] },
  { project: 'grafana-plugin', node: [] },
];

let status = 0;
for (const run of runs) {
  const r = spawnSync(process.execPath, [...run.node, jest, '--selectProjects', run.project, '--passWithNoTests', ...args], {
    stdio: 'inherit',
  });
  status = Math.max(status, r.status ?? 1);
}
process.exit(status);
