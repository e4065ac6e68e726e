import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { Scenario } from '../scenario';
import { LoadEngine } from '../engine';
import { RunTelemetry } from '../telemetry';
import {
  ProgressReporter, RunAggregator, formatSummary, statusForExit, writeResults,
  type RunStatus, type Summary,
} from '../results';
import { ObserverFanout } from './observer-fanout';
import { StopSignals } from './stop-signals';
import { newRunId } from './run-id';

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
}

export interface RunOutcome {
  summary: Summary;
  outDir: string;
  files: string[];
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
  await mkdir(outDir, { recursive: true });

  const telemetry = RunTelemetry.create({
    runId, scenario: scenario.name, workerIndex: opts.workerIndex ?? 0,
    spillDir: path.join(outDir, 'spill'), env: opts.env,
  });
  const startedAt = Date.now();
  const aggregator = new RunAggregator({ scenario, runId, startedAt });
  const engine = new LoadEngine({ scenario, observer: new ObserverFanout(aggregator, telemetry) });
  telemetry.setGaugeSource(() => engine.gauges());

  let status: RunStatus = 'passed';
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
    const gauges = engine.gauges();
    const row = aggregator.tick(now, gauges);
    progress?.update(row, gauges);
    if (status === 'passed' && abortWatch.shouldAbort(aggregator, now)) {
      status = 'aborted';
      engine.stop();
    }
  }, TICK_MS);

  telemetry.runStarted({ at: startedAt, model: scenario.load.model });
  try {
    await engine.run();
  } finally {
    clearInterval(ticker);
    signals.dispose();
    await engine.close();
  }
  const endedAt = Date.now();
  const gauges = engine.gauges();
  progress?.update(aggregator.tick(endedAt, gauges), gauges);
  progress?.done();

  telemetry.runEnded({ at: endedAt, status });
  const spans = await telemetry.shutdown();
  const summary = aggregator.buildSummary({
    endedAt, status, spans,
    telemetry: {
      spans, metricsExported: telemetry.status.enabled,
      endpoint: telemetry.status.endpoint, protocol: telemetry.status.protocol,
    },
  });
  const files = await writeResults(outDir, summary, aggregator.timeseries());
  if (!opts.quiet) {
    out.write(`${formatSummary(summary, { color: Boolean(out.isTTY) && !process.env.NO_COLOR })}\n`);
    out.write(`results: ${outDir}\n`);
  }
  return { summary, outDir, files, exitCode: statusForExit(summary) };
}

function plannedDurationMs(scenario: Scenario): number | undefined {
  const { load } = scenario;
  if (load.model === 'closed' && load.iterations !== undefined) return undefined;
  let total = 0;
  for (const stage of load.stages) total += stage.durationMs;
  return total;
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
