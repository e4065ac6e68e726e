import { closeSync, openSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { HistogramLogWriter } from 'hdr-histogram-js';
import type { RequestRecord, RunObserver } from '../engine';
import { MAX_RECORDABLE_US, MicrosHistogram } from '../results/micros-histogram';

/** Per-second latency histograms per request name, in HdrHistogram's interval log format. */
export const REQUEST_LOG_FILE = 'requests.hlog';
/** The comment line carrying each request name's share of the target rate (the mix weights). */
export const WEIGHTS_COMMENT = 'scaletrace-weights ';

/** Tags: `all:NAME` every request of NAME, `failed:NAME` the failed ones (their count is the errors). */
export const tagOf = (kind: 'all' | 'failed', name: string): string => `${kind}:${name}`;

interface NameHistograms { all: MicrosHistogram; failed: MicrosHistogram }

/**
 * Writes requests.hlog beside the results: each second, one compressed HDR histogram of latency
 * (µs, from the intended start) per request name and one of its failed requests — the standard
 * format of HdrHistogram's log tools. `scaletrace dataset` merges them into any step with exact
 * (HDR-precision) percentiles; per-second p95s could not be averaged. Written as it goes (one
 * small synchronous write per second), so a long soak does not hold it in memory.
 */
export class RequestIntervalLog implements RunObserver {
  private readonly fd: number;
  private readonly writer: HistogramLogWriter;
  private readonly byName = new Map<string, NameHistograms>();
  private lastTick: number;

  constructor(dir: string, startedAt: number, weights: Record<string, number>) {
    this.fd = openSync(path.join(dir, REQUEST_LOG_FILE), 'w');
    this.writer = new HistogramLogWriter((text) => { writeSync(this.fd, text); });
    this.writer.outputLogFormatVersion();
    this.writer.outputStartTime(startedAt);
    this.writer.baseTime = startedAt;
    const total = Object.values(weights).reduce((a, b) => a + b, 0) || 1;
    const shares = Object.fromEntries(Object.entries(weights).map(([k, w]) => [k, w / total]));
    this.writer.outputComment(`${WEIGHTS_COMMENT}${JSON.stringify(shares)}`);
    this.writer.outputLegend();
    this.lastTick = startedAt;
  }

  onRequest(r: RequestRecord): void {
    let h = this.byName.get(r.name);
    if (h === undefined) {
      h = { all: new MicrosHistogram(), failed: new MicrosHistogram() };
      this.byName.set(r.name, h);
    }
    const ms = r.end - r.intendedStart;
    const us = ms > 0 ? Math.min(Math.round(ms * 1000), MAX_RECORDABLE_US) : 0;
    h.all.recordValue(us);
    if (r.errorType !== undefined) h.failed.recordValue(us);
  }

  onDropped(): void { /* dropped arrivals are in timeseries.csv */ }

  onStage(): void { /* stages are in summary.json */ }

  /** Closes the interval [previous tick, now): one line per non-empty histogram. */
  tick(now: number): void {
    for (const [name, h] of this.byName) {
      for (const [kind, histogram] of [['all', h.all], ['failed', h.failed]] as const) {
        if (histogram.totalCount === 0) continue;
        histogram.tag = tagOf(kind, name); // reset() clears the tag
        histogram.startTimeStampMsec = this.lastTick;
        histogram.endTimeStampMsec = now;
        this.writer.outputIntervalHistogram(histogram);
        histogram.reset();
      }
    }
    this.lastTick = now;
  }

  close(now: number): void {
    this.tick(now);
    closeSync(this.fd);
  }
}
