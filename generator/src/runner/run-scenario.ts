import * as path from 'node:path';
import type { Scenario } from '../scenario';
import { LoadEngine, WHOLE_LOAD, type LoadShare, type FlowRecord, type RequestRecord, type RunObserver } from '../engine';
import { RunTelemetry, requestSpanDetails } from '../telemetry';
import {
  ProgressReporter, failureLine, formatSummary, makeOutDir, statusForExit, sumSpanAccounting, writeResults,
  type PodMemoryPoint, type RunAggregator, type RunStatus, type Summary,
} from '../results';
import { writeReport, type GrafanaLinkOptions } from '../report';
import { ObserverFanout } from './observer-fanout';
import { loadStepDirection } from './load-steps';
import { ScalingSession } from './scaling-session';
import { StopSignals } from './stop-signals';
import { FaultRunner, faultImpacts } from '../faults';
import { PodMetricsLog, REQUEST_LOG_FILE } from '../dataset';
import { newRunId } from './run-id';
import { PresetSession } from './preset-session';
import { WorkerPool } from '../workers';
import { buildRunRecorders, type RunRecorders } from './run-recorders';
import { waitForStart, writeShardFile, type ShardFile } from '../shards';

export interface RunOptions {
  scenario: Scenario;
  runId?: string;
  /** Results directory; default scaletrace-results/<run-id>. */
  outDir?: string;
  workerIndex?: number;
  /** Where the progress line and the end summary go. */
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Print the progress line and end summary (the CLI does; library callers may not). */
  quiet?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Only this part of the plan: a shard of a distributed run (default the whole). */
  share?: LoadShare;
  /** Worker threads sharing the load (1 = in this thread, the default). */
  workers?: number;
  /** Shared start (epoch ms) of a distributed run: waited for, then the plan is timed from it. */
  startAt?: number;
  /** A distributed run's shard: also write shard.json (exact histograms) for `scaletrace merge`. */
  shard?: { start: ShardFile['start'] };
  /** Trace ids in report.html link to this Grafana's Explore. */
  grafana?: GrafanaLinkOptions;
  /** The command report.html's footer names (default `scaletrace run`; the demo says `scaletrace demo`). */
  command?: string;
}

export interface RunOutcome {
  summary: Summary;
  outDir: string;
  files: string[];
  /** report.html, unless writing it failed (the other results are still there). */
  report?: string;
  exitCode: number;
}

const TICK_MS = 1000;

/**
 * One load-test run end to end: engine → (aggregator, telemetry) → results on disk.
 * Never throws because the target misbehaves; Ctrl-C ends it with partial results.
 */
export async function runScenario(opts: RunOptions): Promise<RunOutcome> {
  const { scenario } = opts;
  const out = opts.out ?? process.stdout;
  const runId = opts.runId ?? newRunId();
  const outDir = path.resolve(opts.outDir ?? path.join('scaletrace-results', runId));
  await makeOutDir(outDir);

  const telemetry = RunTelemetry.create({
    runId, scenario: scenario.name, workerIndex: opts.workerIndex ?? 0,
    spillDir: path.join(outDir, 'spill'), env: opts.env,
    // Even with --quiet: a collector that is down must not cost minutes of silence.
    warn: (line) => { process.stderr.write(`scaletrace: ${line}\n`); },
  });
  let scaling: ScalingSession | undefined;
  const podMetrics = new PodMetricsLog();
  // A soak's interval table shows the largest pod's memory (summary.json, console, summary.md).
  const podMemory: PodMemoryPoint[] = [];
  if (scenario.kubernetes) {
    const log = (message: string): void => { process.stderr.write(`scaletrace: kubernetes: ${message}\n`); };
    try {
      scaling = await ScalingSession.start({ spec: scenario.kubernetes, signals: telemetry.kubeSignals(), log, podMetrics: (s) => {
        podMetrics.record(s);
        if (scenario.preset?.soak) podMemory.push({ at: s.at, memoryBytes: s.memoryBytes });
      } });
    } catch (error) {
      await telemetry.shutdown();
      throw error;
    }
  }
  const faults = scenario.faults?.length && scenario.kubernetes
    ? await FaultRunner.connect(scenario.kubernetes, scenario.faults, (m) => { process.stderr.write(`scaletrace: faults: ${m}\n`); })
    : undefined;
  const share = opts.share ?? WHOLE_LOAD;
  const workers = opts.workers ?? 1;
  const keepSecondHistograms = opts.shard !== undefined;
  const telemetryObserver = scaling === undefined ? telemetry : new LoadStepObserver(telemetry, scenario, scaling);
  let pool: WorkerPool | undefined;
  let startedAt: number;
  if (workers > 1) {
    pool = new WorkerPool({
      scenario, workers, share, runId, spillDir: path.join(outDir, 'spill'), notBefore: opts.startAt,
      // Workers report only after run() below, by when the recorders exist.
      sink: { absorb: (states) => recorders.set.absorb(states) }, observer: telemetryObserver,
    });
    try {
      startedAt = await pool.prepare();
    } catch (error) {
      await telemetry.shutdown();
      throw error;
    }
  } else {
    // A shard that missed the shared start begins now (shard.json records how late).
    startedAt = Math.max(opts.startAt ?? 0, Date.now());
  }
  // One list of recorders for every run: in one thread they observe the engine; with workers each
  // worker records the same list and this one absorbs their reports.
  const recorders: RunRecorders = buildRunRecorders(scenario, { runId, startedAt, role: 'coordinator', outDir, keepSecondHistograms });
  const aggregator: RunAggregator = recorders.aggregator.current;
  const preset = PresetSession.create(scenario, recorders.preset, startedAt);
  const { inference, requestLog } = recorders;
  const engine = pool ?? new LoadEngine({ scenario, share, observer: new ObserverFanout(recorders.set, telemetryObserver) });
  telemetry.setGaugeSource(() => engine.gauges());

  let status: RunStatus = 'passed';
  // Workers get the start time now and wait for it themselves; this thread waits too, so the
  // progress line and timeseries begin at the start (shards' rows then line up by position).
  const running = pool?.run(startedAt);
  running?.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  if (!(await waitForStart(startedAt - Date.now() - 2))) {
    status = 'interrupted';
    engine.stop();
  }
  const signals = new StopSignals(
    () => { status = 'interrupted'; engine.stop(); },
    () => { void engine.close(); },
  );
  const progress = opts.quiet ? undefined : new ProgressReporter(out, {
    scenario: scenario.name, model: scenario.load.model, totalMs: plannedDurationMs(scenario),
  });
  const abortWatch = new AbortOnFailWatch(scenario, startedAt);
  const ticker = setInterval(() => {
    const now = Date.now();
    // How far the recorders hold every request: workers report every 500 ms.
    const recordedUpTo = pool === undefined ? now : Math.min(now, pool.reportedUpTo());
    const gauges = engine.gauges();
    const row = aggregator.tick(now, gauges);
    requestLog?.tick(recordedUpTo);
    progress?.update(row, gauges);
    if (status === 'passed' && abortWatch.shouldAbort(aggregator, now)) {
      status = 'aborted';
      engine.stop();
    }
    // A stress run ends at its breaking point: the expected outcome, so the status stays as it is.
    if (preset?.tick(now, recordedUpTo) === true) engine.stop();
  }, TICK_MS);

  telemetry.runStarted({ at: startedAt, model: scenario.load.model });
  faults?.begin(startedAt);
  let load: Awaited<ReturnType<LoadEngine['run']>>;
  try {
    load = await (running ?? engine.run(Math.max(startedAt, Date.now())));
  } finally {
    clearInterval(ticker);
    signals.dispose();
    await engine.close();
  }
  // The load's end (its last request completed, or the schedule ended), in one thread or many:
  // the workers' telemetry flush after it is not part of the run's duration or rates.
  const endedAt = load.endedAt;
  const faultExecutions = await faults?.stop();
  const gauges = engine.gauges();
  // Not inside progress?.(…): with --quiet that would skip the tick, and timeseries.csv its last second.
  const lastRow = aggregator.tick(endedAt, gauges);
  progress?.update(lastRow, gauges);
  requestLog?.close(endedAt);
  progress?.done();

  const scalingSection = await scaling?.stop({ startedAt, endedAt, rows: aggregator.timeseries() });
  const failed = aggregator.evaluateThresholds(endedAt, scalingSection).filter((t) => !t.ok);
  telemetry.thresholdsFailed(endedAt, failed);
  telemetry.runEnded({ at: endedAt, status: status === 'passed' && failed.length > 0 ? 'failed' : status });
  const [ownSpans] = await Promise.all([telemetry.shutdown(), pool?.shutdown()]);
  const spans = sumSpanAccounting([ownSpans, pool?.spans()]);
  const summary = aggregator.buildSummary({
    endedAt, status, spans, scaling: scalingSection,
    ...(load.dataExhausted !== undefined ? { dataExhausted: load.dataExhausted } : {}),
    telemetry: {
      spans, metricsExported: telemetry.status.enabled,
      endpoint: telemetry.status.endpoint, protocol: telemetry.status.protocol,
    },
  });
  if (preset) summary.preset = preset.report(endedAt, aggregator.timeseries(), scalingSection, scenario.kubernetes ? podMemory : undefined);
  if (inference) summary.inference = inference.stats(summary.run.durationS);
  if (faultExecutions) summary.faults = faultImpacts(faultExecutions, aggregator.timeseries(), { startedAt, endedAt, sloMs: scenario.kubernetes?.sloMs });
  const failures = aggregator.failureSample().map((f) => failureLine(f, startedAt, (r) => requestSpanDetails(r, runId)));
  const files = await writeResults(outDir, summary, aggregator.timeseries(), failures);
  if (opts.shard !== undefined) {
    files.push(await writeShardFile(outDir, {
      runId, shard: share, workers, start: opts.shard.start, scenario, recorders: recorders.set.state(),
      meta: { endedAt, status, spans, telemetry: summary.telemetry, scaling: scalingSection,
        ...(load.dataExhausted !== undefined ? { dataExhausted: load.dataExhausted } : {}), ...(preset?.liveBreak ? { liveBreak: preset.liveBreak } : {}) },
    }));
  }
  if (requestLog) files.push(path.join(outDir, REQUEST_LOG_FILE));
  if (scenario.kubernetes) files.push(await podMetrics.write(outDir));
  const report = await writeReport(outDir, { grafana: opts.grafana, generator: opts.command ?? 'scaletrace run' }).catch((error: unknown) => {
    // The numbers are on disk already; a report that cannot be built must not lose them.
    process.stderr.write(`scaletrace: report.html not written: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  });
  if (report !== undefined) files.push(report.file);
  if (!opts.quiet) {
    out.write(`${formatSummary(summary, { color: Boolean(out.isTTY) && !process.env.NO_COLOR })}\n`);
    out.write(`results: ${outDir}\n`);
    if (report !== undefined) out.write(`report:  ${report.file}\n`);
  }
  return { summary, outDir, files, ...(report !== undefined ? { report: report.file } : {}), exitCode: statusForExit(summary) };
}

function plannedDurationMs(scenario: Scenario): number | undefined {
  const { load } = scenario;
  if (load.model === 'closed' && load.iterations !== undefined) return undefined;
  let total = 0;
  for (const stage of load.stages) total += stage.durationMs;
  return total;
}

/** Passes engine events on to telemetry and tells the watcher when a stage steps the load up or down. */
class LoadStepObserver implements RunObserver {
  constructor(private readonly next: RunObserver, private readonly scenario: Scenario, private readonly scaling: ScalingSession) {}

  onRequest(record: RequestRecord): void {
    this.next.onRequest(record);
  }

  onDropped(stage: number, at: number): void {
    this.next.onDropped(stage, at);
  }

  onFlow(record: FlowRecord): void {
    this.next.onFlow(record);
  }

  onStage(stage: number, at: number): void {
    const direction = loadStepDirection(this.scenario, stage);
    if (direction !== undefined) this.scaling.markLoadStep(at, direction);
    this.next.onStage(stage, at);
  }
}

/** abortOnFail thresholds: checked once per tick, each after its own delayAbortEval. */
class AbortOnFailWatch {
  private readonly watched: Set<string>;
  private readonly delays: Map<string, number>;

  constructor(scenario: Scenario, private readonly startedAt: number) {
    const specs = scenario.thresholds.filter((t) => t.abortOnFail);
    this.watched = new Set(specs.map((t) => t.expr));
    this.delays = new Map(specs.map((t) => [t.expr, t.delayAbortEvalMs]));
  }

  shouldAbort(aggregator: RunAggregator, now: number): boolean {
    if (this.watched.size === 0) return false;
    const elapsed = now - this.startedAt;
    return aggregator.evaluateThresholds(now).some(
      (r) => !r.ok && this.watched.has(r.expr) && elapsed >= (this.delays.get(r.expr) ?? 0),
    );
  }
}
