import type { MessagePort } from 'node:worker_threads';
import { LoadEngine, type FlowRecord, type RequestRecord, type RunObserver, type RunOutcome } from '../engine';
import type { RecorderSet } from '../results';
import { RunTelemetry } from '../telemetry';
// The file, not the runner's index: a worker thread needs the recorders, not the whole runner.
import { buildRunRecorders } from '../runner/run-recorders';
import type { FromWorker, ToWorker, WorkerSetup } from './messages';

/** The engine's clock (engine/clock.ts): report times compare with request end times. */
const clock = (): number => performance.timeOrigin + performance.now();

/**
 * One worker thread's run: its share of the plan through its own connection pool (LoadEngine)
 * and its own OTLP exporter; every `reportEveryMs` it hands what its recorders (the run's list:
 * aggregator, preset phases, inference, per-second histograms) recorded since the last report to
 * the coordinator, which owns the run's statistics, progress and results.
 */
export async function runWorker(setup: WorkerSetup, port: MessagePort): Promise<void> {
  const post = (m: FromWorker): void => port.postMessage(m);
  const telemetry = RunTelemetry.create({
    runId: setup.runId, scenario: setup.scenario.name, workerIndex: setup.workerIndex, spillDir: setup.spillDir,
  });
  const observer = new ReportingObserver(telemetry);
  const engine = new LoadEngine({ scenario: setup.scenario, observer, share: setup.share });

  const startAt = new Promise<number>((resolve) => {
    port.on('message', (m: ToWorker) => {
      if (m.type === 'start') resolve(m.at);
      else if (m.type === 'stop') engine.stop();
      else void engine.close();
    });
  });
  post({ type: 'ready' });
  const at = await startAt;
  // Built now: phases, seconds and intervals count from the run's shared start.
  const recorders = buildRunRecorders(setup.scenario, { runId: setup.runId, startedAt: at, role: 'worker' }).set;
  observer.recorders = recorders;
  const report = (): void => {
    const taken = clock();
    post({ type: 'report', at: taken, states: recorders.take(), gauges: engine.gauges(), stages: observer.takeStages() });
  };
  const timer = setInterval(report, setup.reportEveryMs);
  let outcome: RunOutcome;
  try {
    // Wake just before the shared start; the engine's scheduler keeps the exact times.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now() - 2)));
    outcome = await engine.run(at);
  } finally {
    clearInterval(timer);
    await engine.close();
  }
  report();
  // The load's end, before the flush: a collector that does not answer must not lengthen the run.
  post({ type: 'ended', outcome });
  post({ type: 'done', spans: await telemetry.shutdown() });
}

/** Hands engine events to the recorders (set at the start) and requests and drops to this worker's telemetry. */
class ReportingObserver implements RunObserver {
  recorders: RecorderSet | undefined;
  private stages: Array<{ stage: number; at: number }> = [];

  constructor(private readonly telemetry: RunTelemetry) {}

  onRequest(record: RequestRecord): void {
    this.recorders?.onRequest(record);
    this.telemetry.onRequest(record);
  }

  onDropped(stage: number, at: number): void {
    this.recorders?.onDropped(stage, at);
    this.telemetry.onDropped(stage);
  }

  onFlow(record: FlowRecord): void {
    this.recorders?.onFlow(record);
    this.telemetry.onFlow(record);
  }

  // Stage spans and logs are the coordinator's: one per run, not one per worker.
  onStage(stage: number, at: number): void {
    this.recorders?.onStage(stage, at);
    this.stages.push({ stage, at });
  }

  takeStages(): Array<{ stage: number; at: number }> {
    const stages = this.stages;
    this.stages = [];
    return stages;
  }
}
