import fs from 'node:fs';
import path from 'node:path';
import { spawnTracked, waitForExit } from './child-processes';
import { pinnedCommand, type CpuLayout } from './cpu-pinning';
import { parseAutocannonJson, parseWrkOutput, type ToolResult } from './tool-parsers';

export interface LoadToolOptions {
  url: string;
  connections: number;
  durationS: number;
  layout: CpuLayout;
}

/** wrk with one thread (one core), `connections` keep-alive connections. */
export async function runWrk(o: LoadToolOptions): Promise<ToolResult> {
  const [cmd, args] = pinnedCommand(o.layout, o.layout.toolCpu, 'wrk',
    ['-t1', `-c${o.connections}`, `-d${o.durationS}s`, '--latency', `${o.url}/`]);
  const done = await waitForExit(spawnTracked(cmd, args), (o.durationS + 30) * 1000);
  if (done.code !== 0) throw new Error(`wrk exited ${done.code ?? done.signal}: ${done.stderr.trim()}`);
  return parseWrkOutput(done.stdout);
}

/** autocannon (the root devDependency) in its default single-thread mode, `--json` output. */
export async function runAutocannon(o: LoadToolOptions): Promise<ToolResult> {
  const [cmd, args] = pinnedCommand(o.layout, o.layout.toolCpu, process.execPath,
    [autocannonBin(), '-c', String(o.connections), '-d', String(o.durationS), '--json', `${o.url}/`]);
  const done = await waitForExit(spawnTracked(cmd, args), (o.durationS + 30) * 1000);
  if (done.code !== 0) throw new Error(`autocannon exited ${done.code ?? done.signal}: ${done.stderr.trim()}`);
  return parseAutocannonJson(done.stdout);
}

export function autocannonBin(): string {
  const pkg = require.resolve('autocannon/package.json');
  const manifest = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { bin?: Record<string, string> };
  return path.join(path.dirname(pkg), manifest.bin?.autocannon ?? 'autocannon.js');
}

export function autocannonVersion(): string {
  const pkg = require.resolve('autocannon/package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version?: string }).version ?? 'unknown';
}
