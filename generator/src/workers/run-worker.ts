import type { MessagePort } from 'node:worker_threads';
import { LoadEngine, type RequestRecord, type RunObserver, type RunOutcome } from '../engine';
import { RunAggregator } from '../results';
import { RunTelemetry } from '../telemetry';
import type { FromWorker, ToWorker, WorkerSetup } from './messages';

/**
 * One worker thread's run: its share of the plan through its own connection pool (LoadEngine)
 * and its own OTLP exporter; every `reportEveryMs` it hands what it recorded since the last
 * report to the coordinator, which owns the run's statistics, progress and results.
 */
export async function runWorker(setup: WorkerSetup, port: MessagePort): Promise<void> {
  const post = (m: FromWorker): void => port.postMessage(m);
  const telemetry = RunTelemetry.create({
    runId: setup.runId, scenario: setup.scenario.name, workerIndex: setup.workerIndex, spillDir: setup.spillDir,
  });
  const recorder = new ReportingRecorder(setup, telemetry);
  const engine = new LoadEngine({ scenario: setup.scenario, observer: recorder, share: setup.share });
  const report = (): void => post({ type: 'report', ...recorder.take(), gauges: engine.gauges() });

  const startAt = new Promise<number>((resolve) => {
    port.on('message', (m: ToWorker) => {
      if (m.type === 'start') resolve(m.at);
      else if (m.type === 'stop') engine.stop();
      else void engine.close();
    });
  });
  post({ type: 'ready' });
  const at = await startAt;
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

/** Records into a fresh aggregator per report; requests and drops also go to this worker's telemetry. */
class ReportingRecorder implements RunObserver {
  private current: RunAggregator;
  private stages: Array<{ stage: number; at: number }> = [];

  constructor(private readonly setup: WorkerSetup, private readonly telemetry: RunTelemetry) {
    this.current = this.fresh();
  }

  onRequest(record: RequestRecord): void {
    this.current.onRequest(record);
    this.telemetry.onRequest(record);
  }

  onDropped(stage: number, at: number): void {
    this.current.onDropped(stage, at);
    this.telemetry.onDropped(stage);
  }

  // Stage spans and logs are the coordinator's: one per run, not one per worker.
  onStage(stage: number, at: number): void {
    this.current.onStage(stage, at);
    this.stages.push({ stage, at });
  }

  take(): { state: ReturnType<RunAggregator['state']>; stages: Array<{ stage: number; at: number }> } {
    const state = this.current.state('buckets');
    const stages = this.stages;
    this.current = this.fresh();
    this.stages = [];
    return { state, stages };
  }

  private fresh(): RunAggregator {
    return new RunAggregator({ scenario: this.setup.scenario, runId: this.setup.runId, startedAt: 0 });
  }
}
