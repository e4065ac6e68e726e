import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Where scripts/bench-setup.sh installs Locust and Vegeta (SCALETRACE_BENCH_TOOLS moves it, for both). */
export function peerToolsDir(env: NodeJS.ProcessEnv = process.env): string {
  // dist/bench/ → the repository root
  return env.SCALETRACE_BENCH_TOOLS ?? path.resolve(__dirname, '..', '..', '..', '.cache', 'bench-tools');
}

export interface PeerTool {
  name: 'locust' | 'vegeta';
  /** The executable, when installed. */
  bin?: string;
  version?: string;
  /** Why it is missing and how to install it (absent when installed). */
  missing?: string;
}

const SETUP_HINT = 'run scripts/bench-setup.sh';

/** Locust in the setup script's venv: `<dir>/locust/bin/locust`, its pinned version in `<dir>/locust/VERSION`. */
export function findLocust(dir = peerToolsDir()): PeerTool {
  const bin = path.join(dir, 'locust', 'bin', 'locust');
  if (!isExecutable(bin)) return { name: 'locust', missing: `Locust not found at ${bin}: ${SETUP_HINT}` };
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const version = /locust (\S+)/.exec(`${probe.stdout}${probe.stderr}`)?.[1];
  if (version === undefined) return { name: 'locust', missing: `${bin} --version failed (${probe.stderr.trim().slice(0, 200)}): ${SETUP_HINT}` };
  return { name: 'locust', bin, version };
}

/** Vegeta built by `go install` into `<dir>/bin/vegeta`; go install stamps no version, so the script records it beside it. */
export function findVegeta(dir = peerToolsDir()): PeerTool {
  const bin = path.join(dir, 'bin', 'vegeta');
  if (!isExecutable(bin)) return { name: 'vegeta', missing: `Vegeta not found at ${bin}: ${SETUP_HINT}` };
  let version = 'unknown';
  try { version = fs.readFileSync(`${bin}.version`, 'utf8').trim(); } catch { /* built by hand: version unknown */ }
  return { name: 'vegeta', bin, version };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
