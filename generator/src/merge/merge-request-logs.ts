import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { HistogramLogReader, type Histogram, type JsHistogram } from 'hdr-histogram-js';
import { REQUEST_LOG_FILE, RequestIntervalLog } from '../dataset';
import { requestWeights } from '../runner/run-recorders';
import type { ShardFile } from '../shards';

export interface MergedRequestLog {
  /** The merged requests.hlog, unless a shard had none. */
  file?: string;
  warnings: string[];
}

/**
 * One requests.hlog from the shards' (each beside its shard.json): their interval histograms
 * are absolute-time seconds, added per second and tag — exactly what one process recording every
 * request would have written. Streams: the logs are read side by side in time order, and a
 * merged second is written once every log has moved past it.
 */
export async function mergeRequestLogs(
  shards: ReadonlyArray<{ file: string; shard: ShardFile }>,
  outDir: string,
  run: { startedAt: number; endedAt: number },
): Promise<MergedRequestLog> {
  const texts = await Promise.all(shards.map(({ file }) => readFile(path.join(path.dirname(file), REQUEST_LOG_FILE), 'utf8').catch(() => undefined)));
  const missing = shards.filter((_, i) => texts[i] === undefined).map((s) => s.shard.shard.index);
  if (missing.length > 0) {
    return { warnings: [`${REQUEST_LOG_FILE} not merged: shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} wrote none beside shard.json`] };
  }
  const first = shards[0];
  if (first === undefined) return { warnings: [] };
  const log = new RequestIntervalLog(outDir, run.startedAt, requestWeights(first.shard.scenario));
  const readers = texts.map((t) => new HistogramLogReader(t as string));
  const heads: Array<Histogram | null> = readers.map((r) => r.nextIntervalHistogram());
  for (;;) {
    let next = -1;
    heads.forEach((h, i) => { if (h !== null && (next < 0 || h.startTimeStampMsec < (heads[next] as Histogram).startTimeStampMsec)) next = i; });
    if (next < 0) break;
    const h = heads[next] as Histogram;
    const colon = h.tag.indexOf(':');
    const kind = h.tag.slice(0, colon);
    // Tags are `all:NAME` and `failed:NAME`; anything else is not ours.
    if (colon > 0 && (kind === 'all' || kind === 'failed')) log.addInterval(kind, h.tag.slice(colon + 1), h.startTimeStampMsec, h as JsHistogram);
    heads[next] = (readers[next] as HistogramLogReader).nextIntervalHistogram();
    // Every log is in time order: seconds before the earliest head are complete.
    const low = Math.min(...heads.map((x) => (x === null ? Infinity : x.startTimeStampMsec)));
    if (Number.isFinite(low)) log.tick(low);
  }
  log.close(run.endedAt);
  return { file: path.join(outDir, REQUEST_LOG_FILE), warnings: [] };
}
