import type { JsHistogram } from 'hdr-histogram-js';
import type { RequestRecord } from '../engine';
import type { HistogramFormat } from './aggregator-state';
import { addHistogramState, histogramState, type HistogramState } from './histogram-state';
import { MAX_RECORDABLE_US, MicrosHistogram } from './micros-histogram';
import type { RunRecorder } from './run-recorder';

/** requests.hlog's data: latency (µs, from the intended start) per second of completion and request name. */
export interface RequestSecondsState {
  /** `second`: whole seconds since the run start ([start + s, start + s + 1 s)); `failed` only when some failed. */
  seconds: Array<{ second: number; byName: Record<string, { all: HistogramState; failed?: HistogramState }> }>;
  /** The seconds already written to this file beside the results (a shard's: all of them). */
  file?: string;
}

export interface NameSecond { all: MicrosHistogram; failed: MicrosHistogram | undefined }

/** Reset histograms kept for the next seconds (each is ~70 kB of counts). */
const MAX_SPARE = 64;

/**
 * Per-second latency histograms per request name, by completion time in whole seconds from the
 * run start, so worker threads' and shards' seconds are the same seconds and add up exactly. The
 * recording half of requests.hlog (dataset/request-interval-log.ts writes it); worker threads
 * report these and the coordinator's log absorbs them.
 */
export class RequestSeconds implements RunRecorder<'requestLog'> {
  readonly key = 'requestLog';
  private readonly open = new Map<number, Map<string, NameSecond>>();
  private lastSecond = -1;
  private lastNames: Map<string, NameSecond> | undefined;
  private readonly spare: MicrosHistogram[] = [];

  constructor(readonly startedAt: number) {}

  onRequest(r: RequestRecord): void {
    const second = r.end > this.startedAt ? Math.floor((r.end - this.startedAt) / 1000) : 0;
    const names = second === this.lastSecond && this.lastNames !== undefined ? this.lastNames : this.namesOf(second);
    let h = names.get(r.name);
    if (h === undefined) {
      h = { all: this.histogram(), failed: undefined };
      names.set(r.name, h);
    }
    const ms = r.end - r.intendedStart;
    const us = ms > 0 ? Math.min(Math.round(ms * 1000), MAX_RECORDABLE_US) : 0;
    h.all.recordValue(us);
    if (r.errorType !== undefined) (h.failed ??= this.histogram()).recordValue(us);
  }

  onDropped(): void { /* dropped arrivals are in timeseries.csv */ }

  onStage(): void { /* stages are in summary.json */ }

  onFlow(): void { /* flow steps are requests: recorded by onRequest */ }

  take(): RequestSecondsState {
    const state = this.export('buckets');
    for (const second of [...this.open.keys()]) this.recycle(this.remove(second));
    return state;
  }

  state(): RequestSecondsState {
    return this.export('hdr');
  }

  absorb(s: RequestSecondsState): void {
    for (const { second, byName } of s.seconds) {
      const names = this.namesOf(second);
      for (const [name, h] of Object.entries(byName)) {
        const mine = this.histogramsOf(names, name);
        addHistogramState(mine.all, h.all);
        if (h.failed !== undefined) addHistogramState(mine.failed ??= this.histogram(), h.failed);
      }
    }
  }

  /** One interval histogram of another log (`scaletrace merge`): its start picks the second. */
  addInterval(kind: 'all' | 'failed', name: string, startMs: number, histogram: JsHistogram): void {
    const second = Math.max(0, Math.round((startMs - this.startedAt) / 1000));
    const mine = this.histogramsOf(this.namesOf(second), name);
    if (kind === 'all') mine.all.add(histogram);
    else (mine.failed ??= this.histogram()).add(histogram);
  }

  /** Removes and returns the seconds that ended by `upTo` (epoch ms), oldest first; hand each back to recycle(). */
  protected drain(upTo: number): Array<[number, Map<string, NameSecond>]> {
    const due = [...this.open.keys()].filter((s) => this.startedAt + (s + 1) * 1000 <= upTo).sort((a, b) => a - b);
    return due.map((s) => [s, this.remove(s)]);
  }

  protected recycle(names: Map<string, NameSecond>): void {
    for (const h of names.values()) {
      for (const x of [h.all, h.failed]) {
        if (x === undefined || this.spare.length >= MAX_SPARE) continue;
        x.reset();
        this.spare.push(x);
      }
    }
  }

  private export(format: HistogramFormat): RequestSecondsState {
    const seconds: RequestSecondsState['seconds'] = [];
    for (const [second, names] of [...this.open].sort((a, b) => a[0] - b[0])) {
      const byName: RequestSecondsState['seconds'][number]['byName'] = {};
      for (const [name, h] of names) {
        byName[name] = { all: histogramState(h.all, format), ...(h.failed === undefined ? {} : { failed: histogramState(h.failed, format) }) };
      }
      seconds.push({ second, byName });
    }
    return { seconds };
  }

  private namesOf(second: number): Map<string, NameSecond> {
    let names = this.open.get(second);
    if (names === undefined) this.open.set(second, (names = new Map()));
    this.lastSecond = second;
    this.lastNames = names;
    return names;
  }

  private histogramsOf(names: Map<string, NameSecond>, name: string): NameSecond {
    let h = names.get(name);
    if (h === undefined) names.set(name, (h = { all: this.histogram(), failed: undefined }));
    return h;
  }

  private remove(second: number): Map<string, NameSecond> {
    const names = this.open.get(second) as Map<string, NameSecond>;
    this.open.delete(second);
    if (second === this.lastSecond) this.lastNames = undefined;
    return names;
  }

  private histogram(): MicrosHistogram {
    return this.spare.pop() ?? new MicrosHistogram();
  }
}
