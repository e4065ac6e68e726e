import { closeSync, openSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { HistogramLogWriter } from 'hdr-histogram-js';
import { RequestSeconds, type NameSecond, type RequestSecondsState } from '../results/request-seconds';

/** Per-second latency histograms per request name, in HdrHistogram's interval log format. */
export const REQUEST_LOG_FILE = 'requests.hlog';
/** The comment line carrying each request name's share of the target rate (the mix weights). */
export const WEIGHTS_COMMENT = 'scaletrace-weights ';

/** Tags: `all:NAME` every request of NAME, `failed:NAME` the failed ones (their count is the errors). */
export const tagOf = (kind: 'all' | 'failed', name: string): string => `${kind}:${name}`;

/** Clocks of threads and timers differ by a little: a second is written this long after it is covered. */
const CLOCK_SLACK_MS = 50;

/**
 * Writes requests.hlog beside the results: for each second of the run, one compressed HDR
 * histogram of latency (µs, from the intended start) per request name and one of its failed
 * requests — the standard format of HdrHistogram's log tools. `scaletrace dataset` merges them
 * into any step with exact (HDR-precision) percentiles; per-second p95s could not be averaged.
 * The seconds are RequestSeconds': this thread's requests and the worker threads' (absorbed from
 * their reports). Written as it goes, once every thread has reported past a second (one small
 * synchronous write per second), so a long soak does not hold it in memory.
 */
export class RequestIntervalLog extends RequestSeconds {
  private readonly fd: number;
  private readonly writer: HistogramLogWriter;

  constructor(dir: string, startedAt: number, weights: Record<string, number>) {
    super(startedAt);
    this.fd = openSync(path.join(dir, REQUEST_LOG_FILE), 'w');
    this.writer = new HistogramLogWriter((text) => { writeSync(this.fd, text); });
    this.writer.outputLogFormatVersion();
    this.writer.outputStartTime(startedAt);
    this.writer.baseTime = startedAt;
    const total = Object.values(weights).reduce((a, b) => a + b, 0) || 1;
    const shares = Object.fromEntries(Object.entries(weights).map(([k, w]) => [k, w / total]));
    this.writer.outputComment(`${WEIGHTS_COMMENT}${JSON.stringify(shares)}`);
    this.writer.outputLegend();
  }

  /**
   * Writes the seconds that ended by `recordedUpTo`: the time up to which every thread's requests
   * are in (one thread: now; with workers, their latest reports). One line per non-empty histogram.
   */
  tick(recordedUpTo: number): void {
    this.write(this.drain(recordedUpTo - CLOCK_SLACK_MS));
  }

  /** Writes every second left; the last one ends at the load's end. */
  close(endedAt: number): void {
    this.write(this.drain(Infinity), endedAt);
    closeSync(this.fd);
  }

  /** What is not written yet, and the file that holds the rest (shard.json points merge at it). */
  override state(): RequestSecondsState {
    return { ...super.state(), file: REQUEST_LOG_FILE };
  }

  private write(seconds: Array<[number, Map<string, NameSecond>]>, endedAt?: number): void {
    for (const [second, names] of seconds) {
      const start = this.startedAt + second * 1000;
      const end = endedAt !== undefined && endedAt > start ? Math.min(start + 1000, endedAt) : start + 1000;
      for (const [name, h] of names) {
        for (const [kind, histogram] of [['all', h.all], ['failed', h.failed]] as const) {
          if (histogram === undefined || histogram.totalCount === 0) continue;
          histogram.tag = tagOf(kind, name); // reset() clears the tag
          histogram.startTimeStampMsec = start;
          histogram.endTimeStampMsec = end;
          this.writer.outputIntervalHistogram(histogram);
        }
      }
      this.recycle(names);
    }
  }
}
