import { buildPresetReport, sumSpanAccounting, type LiveBreak, type RecorderKey, type RunStatus, type SampledFailure, type Summary, type TimeseriesRow } from '../results';
import { buildRunRecorders } from '../runner/run-recorders';
import { ShardConfigError, type ShardFile } from '../shards';

export interface MergedRun {
  summary: Summary;
  rows: TimeseriesRow[];
  /** The shards' sampled failed requests, for failures.jsonl. */
  failures: SampledFailure[];
  /** Things the user should know (late shards, unsynchronised starts). */
  warnings: string[];
}

/** Worst first: one interrupted shard makes the run interrupted. */
const STATUS_RANK: Record<RunStatus, number> = { interrupted: 3, aborted: 2, failed: 1, passed: 0 };

/**
 * One run from its shards: every recorder's state absorbed (the run's recorder list, as in one
 * thread): exact overall percentiles (the shards' HDR histograms added), totals summed, preset
 * phase tables and inference figures merged, thresholds re-evaluated on the merged numbers, the
 * watcher's scaling section from shard 0. Shards must share a run id and a shard count, and all
 * be present unless `allowPartial`. requests.hlog is merged from the files (mergeRequestLogs).
 */
export function mergeShards(shards: ReadonlyArray<{ file: string; shard: ShardFile }>, opts: { allowPartial?: boolean } = {}): MergedRun {
  const first = shards[0];
  if (first === undefined) throw new ShardConfigError('no shards to merge');
  const warnings: string[] = [];
  const { runId } = first.shard;
  const count = first.shard.shard.count;
  const seen = new Map<number, string>();
  for (const { file, shard } of shards) {
    if (shard.runId !== runId) throw new ShardConfigError(`${file}: run id ${shard.runId} differs from ${first.file}'s ${runId}: these are shards of different runs`);
    if (shard.shard.count !== count) throw new ShardConfigError(`${file}: shard count ${shard.shard.count} differs from ${first.file}'s ${count}`);
    const dup = seen.get(shard.shard.index);
    if (dup !== undefined) throw new ShardConfigError(`${file}: shard ${shard.shard.index} is also in ${dup}`);
    seen.set(shard.shard.index, file);
    if (shard.start.source === 'unsynchronised' && count > 1) warnings.push(`shard ${shard.shard.index} started unsynchronised (no shared start time)`);
    if (shard.start.lateMs > 1000) warnings.push(`shard ${shard.shard.index} started ${(shard.start.lateMs / 1000).toFixed(1)} s after the shared start`);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    const what = `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing`;
    if (!opts.allowPartial) throw new ShardConfigError(`${what}: pass every shard's directory (or --allow-partial to merge what is there)`);
    warnings.push(`${what}: totals cover ${count - missing.length} of ${count} shards`);
  }

  const ordered = [...shards].sort((a, b) => a.shard.shard.index - b.shard.shard.index);
  const watcherShard = ordered.find((s) => s.shard.shard.index === 0) ?? ordered[0] as { shard: ShardFile };
  const startedAt = Math.min(...ordered.map((s) => s.shard.recorders.aggregator.startedAt));
  const endedAt = Math.max(...ordered.map((s) => s.shard.meta.endedAt));
  const { scenario } = watcherShard.shard;
  const recorders = buildRunRecorders(scenario, { runId, startedAt, role: 'merge' });
  for (const { shard } of ordered) recorders.set.absorb(shard.recorders);
  const aggregator = recorders.aggregator.current;
  // A section is merged only when every shard has its state (a version-1 shard.json has none).
  const complete = (key: RecorderKey, what: string): boolean => {
    const without = ordered.filter((s) => s.shard.recorders[key] === undefined);
    if (without.length > 0) warnings.push(`${what} not merged: ${without.map((s) => `shard ${s.shard.shard.index}`).join(', ')} ${without.length > 1 ? 'have' : 'has'} no ${what} state (shard.json version ${without[0]?.shard.schemaVersion})`);
    return without.length === 0;
  };

  const spans = sumSpanAccounting(ordered.map((s) => s.shard.meta.spans));
  const status = ordered.map((s) => s.shard.meta.status).reduce((a, b) => (STATUS_RANK[b] > STATUS_RANK[a] ? b : a), 'passed' as RunStatus);
  const meta = watcherShard.shard.meta;
  // Shards share a unique source's rows: the first shard that ran out names it.
  const exhausted = ordered.map((s) => s.shard.meta.dataExhausted).find((d) => d !== undefined);
  const summary = aggregator.buildSummary({
    endedAt,
    // "failed" is re-decided from the merged thresholds
    status: status === 'failed' ? 'passed' : status,
    spans,
    telemetry: { ...meta.telemetry, spans },
    scaling: meta.scaling,
    ...(exhausted !== undefined ? { dataExhausted: exhausted } : {}),
  });
  const rows = aggregator.timeseries();
  if (recorders.preset && complete('preset', 'preset')) {
    summary.preset = buildPresetReport({ recorder: recorders.preset, startedAt, endedAt, seconds: rows, scaling: meta.scaling, liveBreak: earliestBreak(ordered) });
  }
  if (recorders.inference && complete('inference', 'inference')) summary.inference = recorders.inference.stats(summary.run.durationS);
  return { summary, rows, failures: aggregator.failureSample(), warnings };
}

/** Each shard stops its own stress run at the step its share broke: the merged run stopped at the earliest. */
function earliestBreak(shards: ReadonlyArray<{ shard: ShardFile }>): LiveBreak | undefined {
  let first: LiveBreak | undefined;
  for (const { shard } of shards) {
    const b = shard.meta.liveBreak;
    if (b !== undefined && (first === undefined || b.phase < first.phase)) first = b;
  }
  return first;
}
