import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { killAllTracked } from './child-processes';
import { pinSelf, planCpuLayout } from './cpu-pinning';
import { withCpuSteal } from './cpu-steal';
import { machineFacts, missingPrerequisites } from './machine-facts';
import { startNginxTarget, type NginxTarget } from './nginx-target';
import { startOtlpSink, type OtlpSink } from './otlp-sink';
import { benchRows, formatTable, GOALS, medianByRps, type BenchMeasurements } from './report';
import { rssGrowthPercent } from './rss-sampler';
import { closedLoad, openLoad, runScaletrace, type ScaletraceContext, type ScaletraceResult } from './scaletrace-runs';
import type { ToolResult } from './tool-parsers';
import { runAutocannon, runWrk } from './tools';

interface BenchOptions {
  quick?: boolean;
  duration?: number;
  connections: number;
  soak?: number;
  rounds?: number;
  json: string;
  keep?: boolean;
}

/** `npm run bench`: ScaleTrace beside wrk and autocannon against one loopback nginx (issue 2, "Speed"). */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('bench')
    .description('ScaleTrace vs wrk and autocannon against a local 1-worker nginx; see docs/performance.md')
    .option('--quick', 'about 1 minute: 4 s per run instead of 10 s')
    .option('--duration <s>', 'seconds per run (default 10, 4 with --quick)', Number)
    .option('--connections <n>', 'keep-alive connections / VUs', Number, 50)
    .option('--rounds <n>', 'repeat the four max-rate runs n times and report each one\'s median (default 3, 1 with --quick)', Number)
    .option('--soak <s>', 'also run traced at max rate for <s> seconds (600 = the 10-minute goal), RSS every 10 s', Number)
    .option('--json <file>', 'where to write all figures', 'bench-results.json')
    .option('--keep', 'keep the temp dir (nginx conf, scenarios, summaries)');
  program.parse(argv);
  const o = program.opts<BenchOptions>();
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    process.stderr.write(`bench: missing ${missing.join(', ')}\n`);
    return 2;
  }
  const durationS = o.duration ?? (o.quick === true ? 4 : 10);
  const rounds = o.rounds ?? (o.quick === true ? 1 : 3);
  const layout = planCpuLayout();
  pinSelf(layout, layout.benchCpu);
  const machine = machineFacts();
  log(`node ${machine.node}, ${machine.cpuModel}, ${machine.nproc} CPUs, load ${machine.loadAvg1m}; ${machine.nginx}, ${machine.wrk}, autocannon ${machine.autocannon}`);
  log(layout.pinned
    ? `pinned: nginx → CPU ${layout.targetCpu}, load tools → CPU ${layout.toolCpu}, OTLP sink (this process) → CPU ${layout.benchCpu}`
    : `NOT pinned: ${layout.reason ?? ''}`);

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaletrace-bench-'));
  let nginx: NginxTarget | undefined;
  let sink: OtlpSink | undefined;
  try {
    nginx = await startNginxTarget(workDir, layout);
    sink = await startOtlpSink(0);
    const m = await measure(nginx.url, sink, { ...o, durationS, rounds }, { targetUrl: nginx.url, workDir, layout });
    const rows = benchRows(m);
    process.stdout.write(`\n${formatTable(rows)}\n\n`);
    const goalsMet = rows.every((r) => r.met !== false);
    fs.writeFileSync(o.json, `${JSON.stringify({
      date: new Date().toISOString(), command: ['npm run bench --', ...argv.slice(2)].join(' ').replace(/ --$/, ''),
      machine, layout, durationS, rounds, connections: o.connections, goals: GOALS, goalsMet, rows, measurements: m,
    }, null, 2)}\n`);
    log(`${goalsMet ? 'all goals met' : 'some goals NOT met'}; figures in ${o.json}${o.keep === true ? `, work dir ${workDir}` : ''}`);
    return 0;
  } finally {
    await nginx?.stop();
    await sink?.close();
    killAllTracked();
    if (o.keep !== true) fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function measure(url: string, sink: OtlpSink, o: BenchOptions & { durationS: number; rounds: number }, ctx: ScaletraceContext): Promise<BenchMeasurements> {
  const d = o.durationS;
  const warmupS = Math.max(1, Math.round(d / 5));
  const c = o.connections;
  const total = o.soak === undefined ? 6 : 7;
  const steal: { run: string; rps: number; stealPercent?: number }[] = [];
  // Logs each run as it ends, with the hypervisor's CPU steal on the target and tool cores.
  const step = async <T extends { rps: number }>(n: number, what: string, run: () => Promise<T>): Promise<T> => {
    const { result, stealPercent } = await withCpuSteal([ctx.layout.targetCpu, ctx.layout.toolCpu], run);
    steal.push({ run: what, rps: result.rps, stealPercent });
    log(`[${n}/${total}] ${what}: ${Math.round(result.rps)} req/s${stealPercent === undefined ? '' : `, CPU steal ${stealPercent} %`}`);
    return result;
  };
  const rounds: { wrk: ToolResult[]; autocannon: ToolResult[]; untraced: ScaletraceResult[]; traced: ScaletraceResult[] } = {
    wrk: [], autocannon: [], untraced: [], traced: [],
  };
  // Rounds interleave the tools, so a burst of noise on the machine hits one round of each, not one tool.
  for (let r = 1; r <= o.rounds; r++) {
    const of = o.rounds > 1 ? ` (round ${r}/${o.rounds})` : '';
    rounds.wrk.push(await step(1, `wrk -t1 -c${c} -d${d}s${of}`,
      () => runWrk({ url, connections: c, durationS: d, layout: ctx.layout })));
    rounds.autocannon.push(await step(2, `autocannon -c ${c} -d ${d}${of}`,
      () => runAutocannon({ url, connections: c, durationS: d, layout: ctx.layout })));
    rounds.untraced.push(await step(3, `scaletrace closed ${c} VUs, untraced${of}`,
      () => runScaletrace({ id: `untraced-${r}`, load: closedLoad(c, d), connections: c }, ctx)));
    rounds.traced.push(await step(4, `scaletrace closed ${c} VUs, traced → OTLP protobuf sink (0 ms)${of}`,
      () => runScaletrace({ id: `traced-${r}`, load: closedLoad(c, d), connections: c, sink }, ctx)));
  }
  const wrk = medianByRps(rounds.wrk);
  const autocannon = medianByRps(rounds.autocannon);
  const untraced = medianByRps(rounds.untraced);
  const traced = medianByRps(rounds.traced);
  sink.setDelay(50);
  const slowSink = await step(5, `scaletrace open ${GOALS.slowSinkRate}/s after a ${warmupS} s ramp, traced → sink answering after 50 ms`,
    () => runScaletrace({ id: 'slow-sink', load: openLoad(GOALS.slowSinkRate, d, warmupS), connections: c, sink }, ctx));
  sink.setDelay(0);
  const openHalfRate = Math.round(untraced.rps / 2);
  const openHalf = await step(6, `scaletrace open ${openHalfRate}/s (half the untraced maximum) after a ${warmupS} s ramp, untraced`,
    () => runScaletrace({ id: 'open-half', load: openLoad(openHalfRate, d, warmupS), connections: c }, ctx));
  const m: BenchMeasurements = {
    wrk, autocannon, untraced, traced, slowSink, slowSinkRate: GOALS.slowSinkRate, openHalf, openHalfRate,
    runs: steal,
    rounds: { wrk: rpsOf(rounds.wrk), autocannon: rpsOf(rounds.autocannon), untraced: rpsOf(rounds.untraced), traced: rpsOf(rounds.traced) },
  };
  if (o.soak !== undefined) {
    const soakS = o.soak;
    const soak = await step(7, `soak: scaletrace closed ${c} VUs traced for ${soakS} s, RSS every 10 s`,
      () => runScaletrace({ id: 'soak', load: closedLoad(c, soakS), connections: c, sink, rssIntervalMs: 10_000 }, ctx));
    const soakWarmupS = Math.min(60, o.soak / 5);
    m.soak = {
      durationS: o.soak, rps: soak.rps, growthPercent: rssGrowthPercent(soak.rss.samples, soakWarmupS),
      peakMb: soak.rss.peakMb, samples: soak.rss.samples, spans: soak.spans,
    };
  }
  return m;
}

const rpsOf = (runs: { rps: number }[]): number[] => runs.map((r) => r.rps);

function log(line: string): void {
  process.stdout.write(`bench: ${line}\n`);
}

process.once('SIGINT', () => { killAllTracked(); process.exit(130); });
process.once('exit', killAllTracked);

if (require.main === module) {
  main(process.argv).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      killAllTracked();
      process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
