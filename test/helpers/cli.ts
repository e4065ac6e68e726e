import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO_ROOT, 'generator', 'bin', 'scaletrace.js');

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Environment for a child CLI: inherited, minus any OTel settings of the developer's shell. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OTEL_')) env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Starts the built CLI (`generator/bin/scaletrace.js`); the caller must wait for or kill it. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): ChildProcess & { result: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const result = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return Object.assign(child, { result });
}

/** Runs the CLI to completion, killing it if it outlives `timeoutMs`. */
export async function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  const child = spawnCli(args, opts.env);
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  try {
    return await child.result;
  } finally {
    clearTimeout(timer);
  }
}
