import { everyRequest, type Scenario } from '../scenario';
import { AggregatorRecorder, InferenceRecorder, PhaseRecorder, RecorderSet, RequestSeconds, RunAggregator, type RunRecorder } from '../results';
import { RequestIntervalLog } from '../dataset';

/**
 * `coordinator`: the run's own recorders (one thread: they observe the engine; with workers: they
 * absorb the workers' reports) and requests.hlog; `worker`: a worker thread's, reported and
 * cleared every report; `merge`: `scaletrace merge` absorbing whole shards.
 */
export type RecorderRole = 'coordinator' | 'worker' | 'merge';

export interface RunRecordersOptions {
  runId: string;
  /** The run's start (epoch ms): seconds, phases and intervals count from it. */
  startedAt: number;
  role: RecorderRole;
  /** Coordinator: requests.hlog is written here. */
  outDir?: string;
  /** Coordinator of a shard: keep each second's histogram for shard.json. */
  keepSecondHistograms?: boolean;
}

/** One run's recorders: every one in `set` (one list for every mode), the ones the runner reads by name. */
export interface RunRecorders {
  set: RecorderSet;
  aggregator: AggregatorRecorder;
  preset?: PhaseRecorder;
  inference?: InferenceRecorder;
  /** Coordinator: requests.hlog, written as it goes. */
  requestLog?: RequestIntervalLog;
}

/**
 * The recorders a scenario needs, the same in one thread, in each worker thread and in a merge:
 * the aggregator always, a PhaseRecorder with a preset, an InferenceRecorder with `extract:`,
 * the per-second histograms of requests.hlog (not in a merge: it merges the shards' files).
 */
export function buildRunRecorders(scenario: Scenario, opts: RunRecordersOptions): RunRecorders {
  const { runId, startedAt, role } = opts;
  const aggregator = new AggregatorRecorder(
    () => new RunAggregator({ scenario, runId, startedAt, keepSecondHistograms: role === 'coordinator' && opts.keepSecondHistograms === true }),
    role === 'coordinator' ? 'live' : 'whole',
  );
  const preset = scenario.preset === undefined ? undefined : new PhaseRecorder(scenario.preset, startedAt, latestLandingMs(scenario));
  // Flow steps are requests too: an `extract:` on a step gets inference figures like any request.
  const extracting = everyRequest(scenario).filter((r) => r.extract !== undefined).map((r) => r.name);
  const inference = extracting.length === 0 ? undefined : new InferenceRecorder(extracting, startedAt);
  const requestLog = role === 'coordinator' && opts.outDir !== undefined ? new RequestIntervalLog(opts.outDir, startedAt, requestWeights(scenario)) : undefined;
  const seconds = role === 'worker' ? new RequestSeconds(startedAt) : requestLog;
  // One more recorder (e.g. figures fed by RunObserver.onFlow) is one more entry here and one more key in RecorderStates.
  const list: RunRecorder[] = [aggregator];
  for (const r of [preset, inference, seconds]) if (r !== undefined) list.push(r);
  return {
    set: new RecorderSet(list), aggregator,
    ...(preset ? { preset } : {}), ...(inference ? { inference } : {}), ...(requestLog ? { requestLog } : {}),
  };
}

/**
 * requests.hlog's `scaletrace-weights` comment: each request name's weight. A flow's steps each
 * carry the flow's weight: every iteration of the flow sends each of its steps once (a step that a
 * failed capture skipped is the exception, visible in the counts).
 */
export function requestWeights(scenario: Scenario): Record<string, number> {
  return Object.fromEntries([
    ...scenario.requests.map((r) => [r.name, r.weight] as const),
    ...scenario.flows.flatMap((f) => f.steps.map((s) => [s.name, f.weight] as const)),
  ]);
}

/** How long after its intended start a request can still complete: the longest timeout plus the graceful stop. */
function latestLandingMs(scenario: Scenario): number {
  const timeouts = everyRequest(scenario).map((r) => (Number.isFinite(r.timeoutMs) ? r.timeoutMs : 3_600_000));
  return (timeouts.length === 0 ? 60_000 : Math.max(...timeouts)) + scenario.gracefulStopMs;
}
