import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { RequestRecord } from '../engine';
import type { Summary } from '../results';
import type { RunFiles } from './read-run';
import { REQUEST_LOG_FILE, RequestIntervalLog } from './request-interval-log';
import { stepTable } from './step-table';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const record = (name: string, at: number, latencyMs: number, failed = false): RequestRecord =>
  ({ name, intendedStart: at, start: at, end: at + latencyMs, stage: 0, bytesReceived: 0, ...(failed ? { errorType: '503' } : {}) }) as unknown as RequestRecord;

describe('dataset step table', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-dataset-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('merges per-second histograms into steps: exact counts, percentiles over the whole step, weights split the target, HPA state at the step end', () => {
    const log = new RequestIntervalLog(dir, T0, { a: 3, b: 1 });
    // 4 s; second k: 100 × a at (k+1) ms … ; b once per second, failing in seconds 2 and 3.
    for (let k = 0; k < 4; k++) {
      for (let i = 1; i <= 100; i++) log.onRequest(record('a', T0 + k * 1000, i * (k + 1)));
      log.onRequest(record('b', T0 + k * 1000, 50, k >= 2));
      log.tick(T0 + (k + 1) * 1000);
    }
    log.close(T0 + 4000);
    const summary = {
      run: { id: 'r', startedAt: new Date(T0).toISOString(), endedAt: new Date(T0 + 4000).toISOString() },
      requests: { a: {}, b: {} },
      scaling: { hpas: [{ name: 'web', target: { kind: 'Deployment', name: 'web' }, timeline: [
        { at: new Date(T0).toISOString(), current: 1, desired: 1, ready: 1 }, { at: new Date(T0 + 2500).toISOString(), current: 1, desired: 2, ready: 1 },
      ] }] },
    } as unknown as Summary;
    const run: RunFiles = {
      dir, summary, requestLog: readFileSync(path.join(dir, REQUEST_LOG_FILE), 'utf8'),
      targets: [1, 2, 3, 4].map((s) => ({ at: T0 + s * 1000, target: s <= 2 ? 100 : 200 })),
      podSamples: [{ at: T0 + 1500, pod: 'web-abc-1', cpuCores: 0.25, memoryBytes: 64 * 1048576 }, { at: T0 + 1500, pod: 'web-abc-2', cpuCores: 0.5, memoryBytes: 64 * 1048576 }, { at: T0 + 1500, pod: 'other-1', cpuCores: 9, memoryBytes: 1 }],
    };
    const t = stepTable(run, 2000);
    expect(t.header).toEqual(['time', 'elapsed_s', 'step_s', 'request', 'target', 'achieved_rps', 'p50_ms', 'p95_ms', 'p99_ms', 'requests', 'errors',
      'hpa_web_current', 'hpa_web_desired', 'hpa_web_ready', 'hpa_web_cpu_cores', 'hpa_web_memory_mib']);
    const byKey = new Map(t.rows.map((r) => [`${r[1]}/${r[3]}`, r]));
    expect(t.rows).toHaveLength(2 * 3);
    // Step 1 (0-2 s) for a: latencies 1..100 ms and 2, 4 … 200 ms together: the 100th of 200 is 67 ms, the 190th 180 ms, the 198th 196 ms
    // (averaging the two seconds' own p95s would say 147.5 ms); 200 requests in 2 s; a's share of the 100/s target is 3/4.
    expect(byKey.get('2/a')?.slice(0, 11)).toEqual(['2026-01-01T00:00:02.000Z', 2, 2, 'a', 75, 100, expect.closeTo(67, 0), expect.closeTo(180, 0), expect.closeTo(196, 0), 200, 0]);
    expect(byKey.get('4/b')?.slice(4, 11)).toEqual([50, 1, expect.closeTo(50, 1), expect.closeTo(50, 1), expect.closeTo(50, 1), 2, 2]); // HDR: within 0.1 %
    expect(byKey.get('4/*')?.slice(9, 11)).toEqual([202, 2]);
    // HPA at each step's end; pod CPU/memory of web's pods only, from the latest poll (stale after 60 s).
    expect(byKey.get('2/*')?.slice(11)).toEqual([1, 1, 1, 0.75, 128]);
    expect(byKey.get('4/*')?.slice(11)).toEqual([1, 2, 1, 0.75, 128]);
  });
});
