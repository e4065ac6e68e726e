import fs from 'node:fs';
import path from 'node:path';
import { spawnTracked, waitForExit, type Finished } from './child-processes';
import { pinnedCommand, type CpuLayout } from './cpu-pinning';
import { RssSampler } from './rss-sampler';
import { parseAutocannonJson, parseLocustOutput, parseVegetaJson, parseWrkOutput, type ToolResult, type VegetaResult } from './tool-parsers';

export interface LoadToolOptions {
  url: string;
  connections: number;
  durationS: number;
  layout: CpuLayout;
}

/** Runs a load tool pinned to the tool core, sampling its resident set; taskset execs, so the pid is the tool's. */
async function runPinned(o: LoadToolOptions, bin: string, args: string[]): Promise<Finished & { rssPeakMb?: number }> {
  const [cmd, pinnedArgs] = pinnedCommand(o.layout, o.layout.toolCpu, bin, args);
  const child = spawnTracked(cmd, pinnedArgs);
  const sampler = new RssSampler(child.pid ?? 0, 200);
  const done = await waitForExit(child, (o.durationS + 30) * 1000);
  return { ...done, rssPeakMb: sampler.stop().peakMb };
}

/** wrk with one thread (one core), `connections` keep-alive connections. */
export async function runWrk(o: LoadToolOptions): Promise<ToolResult> {
  const done = await runPinned(o, 'wrk', ['-t1', `-c${o.connections}`, `-d${o.durationS}s`, '--latency', `${o.url}/`]);
  if (done.code !== 0) throw new Error(`wrk exited ${done.code ?? done.signal}: ${done.stderr.trim()}`);
  return { ...parseWrkOutput(done.stdout), rssPeakMb: done.rssPeakMb };
}

/** autocannon (the root devDependency) in its default single-thread mode, `--json` output. */
export async function runAutocannon(o: LoadToolOptions): Promise<ToolResult> {
  const done = await runPinned(o, process.execPath,
    [autocannonBin(), '-c', String(o.connections), '-d', String(o.durationS), '--json', `${o.url}/`]);
  if (done.code !== 0) throw new Error(`autocannon exited ${done.code ?? done.signal}: ${done.stderr.trim()}`);
  return { ...parseAutocannonJson(done.stdout), rssPeakMb: done.rssPeakMb };
}

/** A Locust user that sends GET / back to back, over geventhttpclient (Locust's fastest client). */
export const LOCUSTFILE = `from locust import FastHttpUser, constant, task


class Bench(FastHttpUser):
    wait_time = constant(0)

    @task
    def ok(self):
        self.client.get("/")
`;

/** Locust with FastHttpUser in one process (no --processes): `connections` users, all started in the first second. */
export async function runLocust(o: LoadToolOptions & { bin: string; workDir: string }): Promise<ToolResult> {
  const locustfile = path.join(o.workDir, 'locustfile.py');
  fs.writeFileSync(locustfile, LOCUSTFILE);
  const done = await runPinned(o, o.bin, [
    '-f', locustfile, '--headless', '-u', String(o.connections), '-r', String(o.connections), '-t', `${o.durationS}s`,
    '--host', o.url, '--json', '-L', 'WARNING', '--exit-code-on-error', '0',
  ]);
  if (done.code !== 0) throw new Error(`locust exited ${done.code ?? done.signal}: ${done.stderr.trim().slice(-800)}`);
  return { ...parseLocustOutput(done.stdout, done.stderr), rssPeakMb: done.rssPeakMb };
}

/**
 * `vegeta attack`, then `vegeta report -type=json` on its output file (the report runs after the
 * attack, so it takes no CPU from it). `rate` undefined: as fast as it goes, `-rate=0` with
 * `connections` workers (a closed model like the others); a number: that many requests per second
 * (Vegeta's open model), with at most 1000 workers like ScaleTrace's default maxInFlight.
 */
export async function runVegeta(o: LoadToolOptions & { bin: string; workDir: string; rate?: number; id: string }): Promise<VegetaResult> {
  const targets = path.join(o.workDir, 'vegeta-targets.txt');
  const results = path.join(o.workDir, `vegeta-${o.id}.bin`);
  fs.writeFileSync(targets, `GET ${o.url}/\n`);
  const pace = o.rate === undefined
    ? ['-rate=0', `-workers=${o.connections}`, `-max-workers=${o.connections}`]
    : [`-rate=${o.rate}/1s`, '-max-workers=1000'];
  const done = await runPinned(o, o.bin, [
    'attack', `-targets=${targets}`, `-duration=${o.durationS}s`, ...pace,
    `-max-connections=${o.connections}`, '-max-body=0', `-output=${results}`,
  ]);
  if (done.code !== 0) throw new Error(`vegeta attack exited ${done.code ?? done.signal}: ${done.stderr.trim().slice(-800)}`);
  const report = await waitForExit(spawnTracked(o.bin, ['report', '-type=json', results]), 60_000);
  fs.rmSync(results, { force: true });
  if (report.code !== 0) throw new Error(`vegeta report exited ${report.code ?? report.signal}: ${report.stderr.trim()}`);
  return { ...parseVegetaJson(report.stdout), rssPeakMb: done.rssPeakMb };
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
