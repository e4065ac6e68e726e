import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Summary } from '../generator/src/results';
import { cleanEnv, REPO_ROOT, type CliResult } from './helpers/cli';

/** npm's own settings of the jest run (npm_package_*, the repo as local prefix) stay out; where packages come from stays in. */
function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env = cleanEnv(extra);
  for (const key of Object.keys(env)) if (key.startsWith('npm_') && !keep.has(key)) delete env[key];
  return env;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CliResult> {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); }));
}

/**
 * The `scaletrace` package on its own, outside the clone: `npm pack` (its prepack builds), a global
 * install of the tarball into a scratch prefix (dependencies from the npm cache or registry), then
 * the installed command in an empty folder — `--version` and the whole demo.
 */
describe('the scaletrace package installed outside the clone', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-pack-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm pack → npm install -g → scaletrace --version and scaletrace demo in an empty folder', async () => {
    const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'generator', 'package.json'), 'utf8')) as { version: string }).version;
    const packed = await run('npm', ['pack', '--workspace', 'generator', '--pack-destination', dir, '--json'], REPO_ROOT, npmEnv(), 120_000);
    expect({ code: packed.code, stderr: packed.code === 0 ? '' : packed.stderr }).toEqual({ code: 0, stderr: '' });
    const [pack] = JSON.parse(packed.stdout) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
    expect([pack?.name, pack?.filename]).toEqual(['scaletrace', `scaletrace-${version}.tgz`]);
    const files = pack?.files.map((f) => f.path) ?? [];
    // What runs is in it (the CLI, the report's browser code, the demo's and the playground's files) …
    for (const f of ['bin/scaletrace.js', 'dist/cli/main.js', 'dist/report/browser/report-charts.js', 'dist/workers/worker-thread.js',
      'scenarios/demo-spike.yaml', 'scenarios/playground-faults.yaml', 'scenarios/playground-matrix.yaml']) expect(files).toContain(f);
    // … and nothing of the repository's sources, tests or dev tools.
    expect(files.filter((f) => !/^(bin|dist|scenarios)\//.test(f) && f !== 'package.json')).toEqual([]);
    expect(files.filter((f) => /\.test\.|^dist\/bench\//.test(f))).toEqual([]);

    const prefix = path.join(dir, 'prefix');
    const installed = await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, pack?.filename ?? '')],
      dir, npmEnv(), 300_000);
    expect({ code: installed.code, stderr: installed.code === 0 ? '' : installed.stderr }).toEqual({ code: 0, stderr: '' });

    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    const env = npmEnv({ PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` });
    const v = await run('scaletrace', ['--version'], empty, env, 30_000);
    expect(v.stdout).toBe(`${version}\n`);

    // The demo runs ~90 s of load after an 8 s first pod start; bounded with room for a busy machine.
    const demo = await run('scaletrace', ['demo'], empty, env, 200_000);
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    const report = /^open the report: (.+report\.html)$/m.exec(demo.stdout)?.[1] ?? '';
    expect(path.dirname(path.dirname(report))).toBe(path.join(empty, 'scaletrace-results'));
    expect(readFileSync(report, 'utf8')).toMatch(/^<!doctype html>/i);
    const summary = JSON.parse(readFileSync(path.join(path.dirname(report), 'summary.json'), 'utf8')) as Summary;
    expect(summary.scaling?.hpas[0]?.episodes.some((e) => e.direction === 'up')).toBe(true);
    expect(readdirSync(empty)).toEqual(['scaletrace-results']);
    expect(existsSync(path.join(prefix, 'lib', 'node_modules', 'scaletrace', 'src'))).toBe(false);
  }, 420_000);
});
