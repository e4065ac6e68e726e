import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { killAllTracked } from './child-processes';
import { pinSelf, planCpuLayout } from './cpu-pinning';
import { withCpuSteal } from './cpu-steal';
import { machineFacts, missingPrerequisites } from './machine-facts';
import { startNginxTarget, type NginxTarget } from './nginx-target';
import { startOtlpSink, type OtlpSink } from './otlp-sink';
import { findLocust, findVegeta, type PeerTool } from './peer-tools';
import {
  benchReport, formatReport, GOALS, medianByRps, OPEN_LADDER, streamsOnlyReport, type BenchMeasurements, type BenchReport, type OpenRung, type Skipped,
} from './report';
import { rssGrowthPercent } from './rss-sampler';
import { closedLoad, openLoad, runScaletrace, type ScaletraceContext, type ScaletraceResult } from './scaletrace-runs';
import { fdShortfall, runStreamCase, startSseTargetProcess, type StreamCaseResult } from './stream-runs';
import type { ToolResult, VegetaResult } from './tool-parsers';
import { runAutocannon, runLocust, runVegeta, runWrk } from './tools';

interface BenchOptions {
  quick?: boolean;
  duration?: number;
  connections: number;
  soak?: number;
  rounds?: number;
  json: string;
  keep?: boolean;
  peers: boolean;
  ladder: boolean;
  streams: number[];
  streamDuration?: number;
  streamsOnly?: boolean;
}

/** `--streams 2000,10000` → [2000, 10000]; `--streams 0` → none. */
function parseStreams(value: string): number[] {
  const counts = value.split(',').map((v) => Number(v.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 0)) throw new InvalidArgumentError(`--streams ${JSON.stringify(value)}: expected whole numbers, e.g. 2000,10000 (0 = none)`);
  return counts.filter((n) => n > 0);
}

/** `npm run bench`: ScaleTrace beside wrk, autocannon, Locust and Vegeta against one loopback nginx, and the LLM streaming shape (issues 2 and 16). */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('bench')
    .description('ScaleTrace vs wrk, autocannon, Locust and Vegeta against a local 1-worker nginx, and many long SSE streams; see docs/performance.md')
    .option('--quick', 'a smoke check: 4 s per run instead of 10 s, 1 round')
    .option('--duration <s>', 'seconds per run (default 10, 4 with --quick)', Number)
    .option('--connections <n>', 'keep-alive connections / VUs / Locust users / Vegeta workers', Number, 50)
    .option('--rounds <n>', 'repeat the max-rate runs n times and report each one\'s median (default 3, 1 with --quick)', Number)
    .option('--soak <s>', 'also run traced at max rate for <s> seconds (600 = the 10-minute goal), RSS every 10 s', Number)
    .option('--no-peers', 'skip Locust and Vegeta')
    .option('--no-ladder', 'skip the open-model rate ladder (ScaleTrace and Vegeta at fixed rates above ½ max)')
    .option('--streams <list>', 'LLM streaming case: concurrent 5 s SSE streams per run, comma-separated (0 = skip)', parseStreams, [2000, 10_000])
    .option('--stream-duration <s>', 'seconds measured once the streams are in flight (default: --duration)', Number)
    .option('--streams-only', 'run only the streaming case (no nginx, no peers)')
    .option('--json <file>', 'where to write all figures', 'bench-results.json')
    .option('--keep', 'keep the temp dir (nginx conf, scenarios, summaries)');
  program.parse(argv);
  const o = program.opts<BenchOptions>();
  // the streaming case needs neither nginx nor wrk
  const missing = o.streamsOnly === true ? [] : missingPrerequisites();
  if (missing.length > 0) {
    process.stderr.write(`bench: missing ${missing.join(', ')}; scripts/bench-setup.sh installs them\n`);
    return 2;
  }
  const durationS = o.duration ?? (o.quick === true ? 4 : 10);
  const rounds = o.rounds ?? (o.quick === true ? 1 : 3);
  const peers = o.peers && o.streamsOnly !== true ? [findLocust(), findVegeta()] : [];
  for (const p of peers) if (p.missing !== undefined) log(`SKIPPING ${p.name}: ${p.missing}`);
  const layout = planCpuLayout();
  pinSelf(layout, layout.benchCpu);
  const machine = { ...machineFacts(), locust: peers[0]?.version, vegeta: peers[1]?.version };
  const peerVersions = peers.map((p) => `, ${p.name} ${p.version ?? 'missing'}`).join('');
  log(`node ${machine.node}, ${machine.cpuModel}, ${machine.nproc} CPUs, load ${machine.loadAvg1m}; ${machine.nginx}, ${machine.wrk}, `
    + `autocannon ${machine.autocannon}${peerVersions}; ulimit -n ${machine.openFiles ?? '?'}, local ports ${machine.localPortRange ?? '?'}`);
  log(layout.pinned
    ? `pinned: nginx and the SSE target → CPU ${layout.targetCpu}, load tools → CPU ${layout.toolCpu}, OTLP sink (this process) → CPU ${layout.benchCpu}`
    : `NOT pinned: ${layout.reason ?? ''}`);

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaletrace-bench-'));
  if (o.streamsOnly === true) {
    try {
      const streams = await measureStreams(o.streams, o.streamDuration ?? durationS, { targetUrl: '', workDir, layout });
      return finish(streamsOnlyReport(streams), { streams }, { o, argv, machine, layout, durationS, rounds, workDir });
    } finally {
      killAllTracked();
      if (o.keep !== true) fs.rmSync(workDir, { recursive: true, force: true });
    }
  }
  let nginx: NginxTarget | undefined;
  let sink: OtlpSink | undefined;
  try {
    nginx = await startNginxTarget(workDir, layout);
    sink = await startOtlpSink(0);
    const ctx = { targetUrl: nginx.url, workDir, layout };
    const m = await measure(sink, { ...o, durationS, rounds }, ctx, { locust: peers[0], vegeta: peers[1] });
    await nginx.stop();
    nginx = undefined;
    if (o.streams.length > 0) m.streams = await measureStreams(o.streams, o.streamDuration ?? durationS, ctx);
    return finish(benchReport(m), m, { o, argv, machine, layout, durationS, rounds, workDir });
  } finally {
    await nginx?.stop();
    await sink?.close();
    killAllTracked();
    if (o.keep !== true) fs.rmSync(workDir, { recursive: true, force: true });
  }
}

interface RunFacts {
  o: BenchOptions;
  argv: string[];
  machine: object;
  layout: object;
  durationS: number;
  rounds: number;
  workDir: string;
}

/** Prints the tables and writes every figure to --json. */
function finish(report: BenchReport, m: Partial<BenchMeasurements>, f: RunFacts): number {
  process.stdout.write(`\n${formatReport(report, f.o.connections)}\n\n`);
  const goalsMet = report.goals.every((g) => g.met !== false);
  const notMeasured = report.goals.filter((g) => g.met === undefined).length;
  fs.writeFileSync(f.o.json, `${JSON.stringify({
    date: new Date().toISOString(), command: ['npm run bench --', ...f.argv.slice(2)].join(' ').replace(/ --$/, ''),
    machine: f.machine, layout: f.layout, durationS: f.durationS, rounds: f.rounds, connections: f.o.connections,
    goals: GOALS, goalsMet, report, measurements: m,
  }, null, 2)}\n`);
  log(`${goalsMet ? 'every measured goal met' : 'some goals NOT met'}${notMeasured > 0 ? ` (${notMeasured} not measured)` : ''}; `
    + `figures in ${f.o.json}${f.o.keep === true ? `, work dir ${f.workDir}` : ''}`);
  return 0;
}

interface Peers { locust?: PeerTool; vegeta?: PeerTool }

async function measure(sink: OtlpSink, o: BenchOptions & { durationS: number; rounds: number }, ctx: ScaletraceContext, peers: Peers): Promise<BenchMeasurements> {
  const url = ctx.targetUrl;
  const d = o.durationS;
  const warmupS = Math.max(1, Math.round(d / 5));
  const c = o.connections;
  const steal: { run: string; rps: number; stealPercent?: number }[] = [];
  let n = 0;
  // Logs each run as it ends, with the hypervisor's CPU steal on the target and tool cores.
  const step = async <T extends { rps: number }>(what: string, run: () => Promise<T>): Promise<T> => {
    const { result, stealPercent } = await withCpuSteal([ctx.layout.targetCpu, ctx.layout.toolCpu], run);
    steal.push({ run: what, rps: result.rps, stealPercent });
    log(`[${++n}] ${what}: ${Math.round(result.rps)} req/s${stealPercent === undefined ? '' : `, CPU steal ${stealPercent} %`}`);
    return result;
  };
  // A peer that fails is reported as skipped, with its error, and the bench goes on.
  const peerStep = async <T extends { rps: number }>(tool: PeerTool | undefined, what: string, run: (bin: string) => Promise<T>): Promise<T | Skipped> => {
    if (tool === undefined) return { skipped: 'not run (--no-peers)' };
    if (tool.bin === undefined) return { skipped: tool.missing ?? 'not installed' };
    const bin = tool.bin;
    try {
      return await step(what, () => run(bin));
    } catch (err) {
      const why = `${tool.name} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
      log(why);
      return { skipped: why };
    }
  };
  const runs = {
    wrk: [] as ToolResult[], autocannon: [] as ToolResult[], locust: [] as (ToolResult | Skipped)[], vegeta: [] as (VegetaResult | Skipped)[],
    untraced: [] as ScaletraceResult[], traced: [] as ScaletraceResult[],
  };
  const tool = { url, connections: c, durationS: d, layout: ctx.layout };
  // Rounds interleave the tools, so a burst of noise on the machine hits one round of each, not one tool.
  for (let r = 1; r <= o.rounds; r++) {
    const of = o.rounds > 1 ? ` (round ${r}/${o.rounds})` : '';
    runs.wrk.push(await step(`wrk -t1 -c${c} -d${d}s${of}`, () => runWrk(tool)));
    runs.autocannon.push(await step(`autocannon -c ${c} -d ${d}${of}`, () => runAutocannon(tool)));
    if (o.peers) {
      runs.locust.push(await peerStep(peers.locust, `locust FastHttpUser -u ${c} -t ${d}s, 1 process${of}`,
        (bin) => runLocust({ ...tool, bin, workDir: ctx.workDir })));
      runs.vegeta.push(await peerStep(peers.vegeta, `vegeta attack -rate=0 -max-workers=${c} -duration=${d}s${of}`,
        (bin) => runVegeta({ ...tool, bin, workDir: ctx.workDir, id: `max-${r}` })));
    }
    runs.untraced.push(await step(`scaletrace closed ${c} VUs, untraced${of}`,
      () => runScaletrace({ id: `untraced-${r}`, load: closedLoad(c, d), connections: c }, ctx)));
    runs.traced.push(await step(`scaletrace closed ${c} VUs, traced → OTLP protobuf sink (0 ms)${of}`,
      () => runScaletrace({ id: `traced-${r}`, load: closedLoad(c, d), connections: c, sink }, ctx)));
  }
  const untraced = medianByRps(runs.untraced);
  const traced = medianByRps(runs.traced);
  sink.setDelay(50);
  const slowSink = await step(`scaletrace open ${GOALS.slowSinkRate}/s after a ${warmupS} s ramp, traced → sink answering after 50 ms`,
    () => runScaletrace({ id: 'slow-sink', load: openLoad(GOALS.slowSinkRate, d, warmupS), connections: c, sink }, ctx));
  sink.setDelay(0);
  const openHalfRate = Math.round(untraced.rps / 2);
  const openHalf = await step(`scaletrace open ${openHalfRate}/s (half the untraced maximum) after a ${warmupS} s ramp, untraced`,
    () => runScaletrace({ id: 'open-half', load: openLoad(openHalfRate, d, warmupS), connections: c }, ctx));
  const m: BenchMeasurements = {
    wrk: medianByRps(runs.wrk), autocannon: medianByRps(runs.autocannon),
    untraced, traced, slowSink, slowSinkRate: GOALS.slowSinkRate, openHalf, openHalfRate,
    runs: steal,
    rounds: { wrk: rpsOf(runs.wrk), autocannon: rpsOf(runs.autocannon), untraced: rpsOf(runs.untraced), traced: rpsOf(runs.traced) },
  };
  if (o.peers) {
    m.locust = medianOrSkipped(runs.locust);
    m.vegeta = medianOrSkipped(runs.vegeta);
    if (m.rounds !== undefined) {
      m.rounds.locust = rpsOf(runs.locust.filter(measured));
      m.rounds.vegeta = rpsOf(runs.vegeta.filter(measured));
    }
  }
  if (o.ladder) m.openLadder = await openLadder(untraced.rps, openHalf, openHalfRate, o.peers ? peers.vegeta : undefined, step, { ...o, warmupS }, ctx);
  if (o.soak !== undefined) {
    const soakS = o.soak;
    const soak = await step(`soak: scaletrace closed ${c} VUs traced for ${soakS} s, RSS every 10 s`,
      () => runScaletrace({ id: 'soak', load: closedLoad(c, soakS), connections: c, sink, rssIntervalMs: 10_000 }, ctx));
    const soakWarmupS = Math.min(60, o.soak / 5);
    m.soak = {
      durationS: o.soak, rps: soak.rps, growthPercent: rssGrowthPercent(soak.rss.samples, soakWarmupS),
      peakMb: soak.rss.peakMb, samples: soak.rss.samples, spans: soak.spans,
    };
  }
  return m;
}

type Step = <T extends { rps: number }>(what: string, run: () => Promise<T>) => Promise<T>;

/**
 * Both tools at the same fixed rates, OPEN_LADDER × the untraced closed maximum, each climbing
 * until it first misses one: held = the achieved rate within 1 % and no error, for both. The ½
 * rung of ScaleTrace is the half-max run already measured.
 */
async function openLadder(
  maxRps: number, openHalf: ScaletraceResult, openHalfRate: number, vegeta: PeerTool | undefined, step: Step,
  o: BenchOptions & { durationS: number; warmupS: number }, ctx: ScaletraceContext,
): Promise<NonNullable<BenchMeasurements['openLadder']>> {
  const c = o.connections;
  const d = o.durationS;
  const rates = OPEN_LADDER.map((f) => (f === 0.5 ? openHalfRate : Math.round(maxRps * f)));
  const ours: OpenRung[] = [];
  for (const rate of rates) {
    const r = rate === openHalfRate ? openHalf : await step(`ladder: scaletrace open ${rate}/s after a ${o.warmupS} s ramp, untraced`,
      () => runScaletrace({ id: `ladder-${rate}`, load: openLoad(rate, d, o.warmupS), connections: c }, ctx));
    const s = r.lastStage;
    const rung: OpenRung = {
      rate, achieved: s.rps, dropped: s.iterationsDropped, errors: r.failed, lagP99Ms: s.scheduleLagP99Ms, p50Ms: r.latencyP50Ms, p99Ms: r.latencyP99Ms,
      held: Math.abs(s.rps - rate) / rate <= GOALS.rateTolerance && r.failed === 0,
    };
    ours.push(rung);
    if (!rung.held) break;
  }
  if (vegeta?.bin === undefined) return { fractions: [...OPEN_LADDER], scaletrace: ours, vegeta: { skipped: vegeta?.missing ?? 'not run (--no-peers)' } };
  const bin = vegeta.bin;
  const theirs: OpenRung[] = [];
  try {
    for (const rate of rates) {
      const v = await step(`ladder: vegeta attack -rate=${rate}/s -max-workers=1000 -duration=${d}s`,
        () => runVegeta({ url: ctx.targetUrl, connections: c, durationS: d, layout: ctx.layout, bin, workDir: ctx.workDir, rate, id: `rate-${rate}` }));
      // Vegeta stops at -duration, so a pacer that fell behind shows as fewer requests than rate × duration
      const expected = rate * d;
      const rung: OpenRung = {
        rate, achieved: v.sendRate, unsent: Math.max(0, Math.round(expected - v.requests)), errors: v.errors + v.non2xx,
        p50Ms: v.p50Ms, p99Ms: v.p99Ms,
        held: v.requests >= expected * (1 - GOALS.rateTolerance) && Math.abs(v.sendRate - rate) / rate <= GOALS.rateTolerance && v.errors + v.non2xx === 0,
      };
      theirs.push(rung);
      if (!rung.held) break;
    }
  } catch (err) {
    const why = `vegeta failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    log(why);
    return { fractions: [...OPEN_LADDER], scaletrace: ours, vegeta: { skipped: why } };
  }
  return { fractions: [...OPEN_LADDER], scaletrace: ours, vegeta: theirs };
}

/** The LLM-serving shape: one open-model run per stream count against the SSE target process. */
async function measureStreams(counts: number[], durationS: number, ctx: ScaletraceContext): Promise<NonNullable<BenchMeasurements['streams']>> {
  const out: NonNullable<BenchMeasurements['streams']> = [];
  const target = await startSseTargetProcess(ctx.layout);
  try {
    for (const streams of counts) {
      const short = fdShortfall(streams);
      if (short !== undefined) {
        log(`SKIPPING ${streams} streams: ${short}`);
        out.push({ streams, skipped: short });
        continue;
      }
      const started = Date.now();
      const c: StreamCaseResult = await runStreamCase(streams, durationS, target, ctx);
      log(`streams ${streams} (${c.rate}/s × 5 s): peak in flight ${c.peakInFlight}, RSS ${c.rssPeakMb ?? '?'} MB `
        + `(${c.rssPerStreamKb ?? '?'} KB/stream), lag p99 ${c.scheduleLagP99Ms} ms, loop delay p99 ${c.loopDelayP99Ms ?? '?'} ms, `
        + `TTFT ${c.ttft.exact ? 'exact' : 'OFF'}, inter-token ${c.tpot.exact ? 'exact' : 'OFF'} (${Math.round((Date.now() - started) / 1000)} s)`);
      out.push(c);
    }
  } finally {
    await target.stop();
  }
  return out;
}

const measured = <T>(r: T | Skipped): r is T => !(typeof r === 'object' && r !== null && 'skipped' in r);

function medianOrSkipped<T extends { rps: number }>(runs: (T | Skipped)[]): T | Skipped {
  const ok = runs.filter(measured);
  if (ok.length > 0) return medianByRps(ok);
  return runs.find((r): r is Skipped => !measured(r)) ?? { skipped: 'not run' };
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
