import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HistogramLogReader, type Histogram } from 'hdr-histogram-js';
import type { RequestRecord } from '../engine';
import { RequestSeconds, type RequestSecondsState } from '../results';
import { record, seededRandom } from '../results/test-fixtures';
import { REQUEST_LOG_FILE, RequestIntervalLog } from './request-interval-log';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const WEIGHTS = { predict: 3, health: 1 };

/** 5 s of two request names completing at random times, whole-ms latencies, some failed; in completion order. */
function logTraffic(seed: number): RequestRecord[] {
  const random = seededRandom(seed);
  const out: RequestRecord[] = [];
  for (let i = 0; i < 3000; i++) {
    const at = T0 + Math.floor(random() * 4800);
    out.push(record({ name: random() < 0.75 ? 'predict' : 'health', at, latencyMs: 1 + Math.floor(random() ** 2 * 190), errorType: random() < 0.04 ? '503' : undefined }));
  }
  return out.sort((a, b) => a.end - b.end);
}

/** Each interval line of a log, keyed by tag and time, as count and percentiles (histograms with equal counts agree on these). */
function logLines(text: string): Map<string, { count: number; p50: number; p95: number; p99: number; max: number }> {
  const reader = new HistogramLogReader(text);
  const out = new Map<string, { count: number; p50: number; p95: number; p99: number; max: number }>();
  for (let h: Histogram | null = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
    const key = `${h.tag}@${Math.round(h.startTimeStampMsec - T0)}+${Math.round(h.endTimeStampMsec - h.startTimeStampMsec)}`;
    expect(out.has(key)).toBe(false);
    out.set(key, { count: h.totalCount, p50: h.getValueAtPercentile(50), p95: h.getValueAtPercentile(95), p99: h.getValueAtPercentile(99), max: h.getValueAtPercentile(100) });
  }
  return out;
}

describe('requests.hlog from worker threads', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-hlog-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const carried = (s: RequestSecondsState): RequestSecondsState => JSON.parse(JSON.stringify(structuredClone(s))) as RequestSecondsState;

  it('the coordinator\'s log of two workers\' reports (every 500 ms) has the same per-second histograms as one thread\'s', () => {
    const records = logTraffic(3);
    const endedAt = (records[records.length - 1] as RequestRecord).end;
    // One thread: the log sees every request and ticks once a second (a little after the boundary).
    fs('one');
    const one = new RequestIntervalLog(path.join(dir, 'one'), T0, WEIGHTS);
    let nextTick = T0 + 1003;
    for (const r of records) {
      while (r.end >= nextTick) { one.tick(nextTick); nextTick += 1000; }
      one.onRequest(r);
    }
    one.close(endedAt);

    // Two workers report what they recorded every 500 ms; the coordinator ticks once a second up to the older report.
    fs('workers');
    const coordinator = new RequestIntervalLog(path.join(dir, 'workers'), T0, WEIGHTS);
    const workers = [new RequestSeconds(T0), new RequestSeconds(T0)];
    let nextReport = T0 + 500;
    let reportedUpTo = T0;
    nextTick = T0 + 1003;
    const step = (until: number): void => {
      for (;;) {
        const next = Math.min(nextReport, nextTick);
        if (next > until) return;
        if (next === nextReport) {
          for (const w of workers) coordinator.absorb(carried(w.take()));
          reportedUpTo = nextReport;
          nextReport += 500;
        } else {
          coordinator.tick(reportedUpTo);
          nextTick += 1000;
        }
      }
    };
    records.forEach((r, i) => {
      step(r.end);
      workers[i % 2]?.onRequest(r);
    });
    for (const w of workers) coordinator.absorb(carried(w.take()));
    coordinator.close(endedAt);

    const expected = logLines(readFileSync(path.join(dir, 'one', REQUEST_LOG_FILE), 'utf8'));
    const actual = logLines(readFileSync(path.join(dir, 'workers', REQUEST_LOG_FILE), 'utf8'));
    expect(actual).toEqual(expected);
    // Whole seconds from the start (the last ends with the load), both names, failures apart.
    expect(endedAt - T0).toBeGreaterThan(4000);
    expect(endedAt - T0).toBeLessThan(5000);
    expect([...expected.keys()].filter((k) => k.startsWith('all:predict@'))).toEqual(['all:predict@0+1000', 'all:predict@1000+1000', 'all:predict@2000+1000', 'all:predict@3000+1000', `all:predict@4000+${endedAt - T0 - 4000}`]);
    expect([...expected.values()].reduce((n, l) => n + l.count, 0)).toBe(records.length + records.filter((r) => r.errorType !== undefined).length);
    expect(readFileSync(path.join(dir, 'workers', REQUEST_LOG_FILE), 'utf8')).toContain('#scaletrace-weights {"predict":0.75,"health":0.25}');
  });

  it('a second is written once every thread reported past it; a report later than that is still written (its counts are not lost)', () => {
    fs('late');
    const log = new RequestIntervalLog(path.join(dir, 'late'), T0, WEIGHTS);
    const worker = new RequestSeconds(T0);
    log.onRequest(record({ name: 'predict', at: T0 + 100, latencyMs: 10 }));
    log.tick(T0 + 900);
    expect(readFileSync(path.join(dir, 'late', REQUEST_LOG_FILE), 'utf8')).not.toMatch(/^Tag=/m);
    log.tick(T0 + 1100);
    worker.onRequest(record({ name: 'predict', at: T0 + 200, latencyMs: 10 }));
    log.absorb(worker.take());
    log.close(T0 + 1500);
    const lines = readFileSync(path.join(dir, 'late', REQUEST_LOG_FILE), 'utf8').split('\n').filter((l) => l.startsWith('Tag=all:predict,0.000,1.000,'));
    expect(lines).toHaveLength(2);
  });

  function fs(name: string): void {
    rmSync(path.join(dir, name), { recursive: true, force: true });
    mkdirSync(path.join(dir, name));
  }
});
