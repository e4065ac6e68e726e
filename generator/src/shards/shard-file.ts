import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { LoadShare } from '../engine';
import type { AggregatorState, LiveBreak, RecorderStates, SummaryMeta } from '../results';
import type { Scenario } from '../scenario';
import type { StartSource } from './start-at';
import { ShardConfigError } from './shard-config-error';

export const SHARD_FILE = 'shard.json';
/** 2: every recorder's state under `recorders` (1: the aggregator's alone, as `state`). */
export const SHARD_SCHEMA_VERSION = 2;

/** A shard's summary metadata, and where its stress run stopped (judged live) for the merged report. */
export type ShardMeta = SummaryMeta & { liveBreak?: LiveBreak };

/**
 * shard.json: one shard's complete statistics (every recorder's state: exact HDR histograms)
 * plus what `scaletrace merge` needs to rebuild the run's summary — the scenario (thresholds,
 * stage targets, preset phases) and the summary metadata (status, span accounting, the
 * watcher's scaling section on shard 0).
 */
export interface ShardFile {
  kind: 'scaletrace-shard';
  /** As read: a version-1 file is read into this shape with the aggregator's state alone. */
  schemaVersion: typeof SHARD_SCHEMA_VERSION | 1;
  runId: string;
  shard: LoadShare;
  workers: number;
  start: { source: StartSource; at?: string; lateMs: number };
  scenario: Scenario;
  meta: ShardMeta;
  /** By recorder (results/run-recorder.ts); `requestLog` names the shard's requests.hlog, which holds its seconds. */
  recorders: RecorderStates & { aggregator: AggregatorState };
}

export async function writeShardFile(dir: string, shard: Omit<ShardFile, 'kind' | 'schemaVersion' | 'recorders'> & { recorders: RecorderStates }): Promise<string> {
  const file = path.join(dir, SHARD_FILE);
  const { aggregator } = shard.recorders;
  if (aggregator === undefined) throw new Error('shard.json: the aggregator\'s state is missing');
  const body: ShardFile = { kind: 'scaletrace-shard', schemaVersion: SHARD_SCHEMA_VERSION, ...shard, recorders: { ...shard.recorders, aggregator } };
  await writeFile(file, `${JSON.stringify(body)}\n`, 'utf8');
  return file;
}

/**
 * The shard files under `dirs`: each a shard's results directory (with shard.json) or a
 * directory whose subdirectories are (e.g. scaletrace-results/<run-id>/ holding shard-0…).
 */
export async function readShardFiles(dirs: readonly string[]): Promise<Array<{ file: string; shard: ShardFile }>> {
  const files: string[] = [];
  for (const dir of dirs) {
    const direct = path.join(dir, SHARD_FILE);
    if (await exists(direct)) {
      files.push(direct);
      continue;
    }
    if (!(await exists(dir))) throw new ShardConfigError(`${dir}: no such directory`);
    const nested: string[] = [];
    for (const entry of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory())) {
      const file = path.join(dir, entry.name, SHARD_FILE);
      if (await exists(file)) nested.push(file);
    }
    if (nested.length === 0) throw new ShardConfigError(`${dir}: no ${SHARD_FILE} in it or in its subdirectories (was it written by \`scaletrace run --shard\` or an Indexed Job pod?)`);
    files.push(...nested.sort());
  }
  return Promise.all(files.map(async (file) => ({ file, shard: parseShardFile(file, await readFile(file, 'utf8')) })));
}

function parseShardFile(file: string, text: string): ShardFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ShardConfigError(`${file}: not JSON (${(error as Error).message})`);
  }
  const v = value as Partial<ShardFile> & { state?: AggregatorState };
  if (v.kind !== 'scaletrace-shard') throw new ShardConfigError(`${file}: kind: expected "scaletrace-shard"`);
  if (v.schemaVersion !== 1 && v.schemaVersion !== SHARD_SCHEMA_VERSION) {
    throw new ShardConfigError(`${file}: schemaVersion: expected 1 or ${SHARD_SCHEMA_VERSION}, got ${JSON.stringify(v.schemaVersion)} (written by a newer scaletrace?)`);
  }
  const stats = v.schemaVersion === 1 ? 'state' : 'recorders';
  for (const field of ['runId', 'shard', 'scenario', 'meta', stats] as const) {
    if (v[field] === undefined) throw new ShardConfigError(`${file}: ${field}: missing`);
  }
  if (v.schemaVersion === 1) {
    // Version 1 held the aggregator's state alone: its preset, inference and requests.hlog are not merged.
    const { state, ...rest } = v;
    return { ...rest, recorders: { aggregator: state as AggregatorState } } as ShardFile;
  }
  if (v.recorders?.aggregator === undefined) throw new ShardConfigError(`${file}: recorders.aggregator: missing`);
  return v as ShardFile;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
