import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HistogramLogReader, type Histogram } from 'hdr-histogram-js';
import type { RequestRecord } from '../engine';
import { parseScenario } from '../scenario';
import { buildPresetReport, type RecorderStates } from '../results';
import { record, seededRandom } from '../results/test-fixtures';
import { REQUEST_LOG_FILE } from '../dataset';
import { buildRunRecorders, type RunRecorders } from './run-recorders';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/**
 * One list of recorders for every run: a coordinator that absorbs two worker threads' reports
 * ends with the same summary, preset tables, inference figures and requests.hlog as one thread.
 */
describe('buildRunRecorders: the same list in one thread and across workers', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-recorders-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const scenario = parseScenario([
    'name: list', 'target: http://127.0.0.1:9', 'requests:',
    '  - { name: gen, method: POST, path: /generate, extract: { tokens: $.usage.completion_tokens } }',
    '  - { name: plain, path: /ok }',
    'load: { model: open, preset: spike, spike: { baseline: 10, peak: 40, baselineDuration: 2s, spikeDuration: 2s, recoveryDuration: 2s } }',
  ].join('\n'), '/tmp/list.yaml');

  function traffic(): { records: RequestRecord[]; stages: Array<[number, number]> } {
    const random = seededRandom(11);
    const stages: Array<[number, number]> = [];
    const records: RequestRecord[] = [];
    for (const p of scenario.preset?.phases ?? []) {
      for (const s of p.stages) stages.push([s, T0 + p.startMs]);
      for (let i = 0; i < 300; i++) {
        const at = T0 + p.startMs + Math.floor(random() * p.durationMs);
        const gen = random() < 0.6;
        const r = record({ name: gen ? 'gen' : 'plain', stage: p.stages[p.stages.length - 1] as number, at, latencyMs: 5 + Math.floor(random() * 300), errorType: random() < 0.05 ? '503' : undefined });
        records.push(gen && r.errorType === undefined ? { ...r, tokens: 10 + Math.floor(random() * 40), firstChunk: at + 3, streamed: true } : r);
      }
    }
    return { records: records.sort((a, b) => a.end - b.end), stages };
  }

  const summaryOf = (r: RunRecorders, endedAt: number) => {
    const s = r.aggregator.current.buildSummary({ endedAt, status: 'passed', spans: { created: 0, exported: 0, spilled: 0, dropped: 0 }, telemetry: { spans: { created: 0, exported: 0, spilled: 0, dropped: 0 }, metricsExported: false } });
    return { totals: s.totals, requests: s.requests, stages: s.stages };
  };
  const hlog = (out: string): Array<[string, number, number, number]> => {
    const reader = new HistogramLogReader(readFileSync(path.join(out, REQUEST_LOG_FILE), 'utf8'));
    const lines: Array<[string, number, number, number]> = [];
    for (let h: Histogram | null = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) lines.push([h.tag, Math.round(h.startTimeStampMsec - T0), h.totalCount, h.getValueAtPercentile(95)]);
    return lines.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  };

  it('preset, inference, totals and requests.hlog agree exactly', () => {
    const { records, stages } = traffic();
    const endedAt = (records[records.length - 1] as RequestRecord).end;
    const oneDir = mkdtempSync(path.join(dir, 'one-'));
    const one = buildRunRecorders(scenario, { runId: 'r', startedAt: T0, role: 'coordinator', outDir: oneDir });
    const poolDir = mkdtempSync(path.join(dir, 'pool-'));
    const coordinator = buildRunRecorders(scenario, { runId: 'r', startedAt: T0, role: 'coordinator', outDir: poolDir });
    const workers = [0, 1].map(() => buildRunRecorders(scenario, { runId: 'r', startedAt: T0, role: 'worker' }));
    expect(workers[0]?.set.recorders.map((r) => r.key)).toEqual(['aggregator', 'preset', 'inference', 'requestLog']);
    expect(workers[0]?.requestLog).toBeUndefined(); // the file is the coordinator's
    for (const [stage, at] of stages) for (const r of [one, ...workers]) r.set.onStage(stage, at);
    const report = (): void => { for (const w of workers) coordinator.set.absorb(JSON.parse(JSON.stringify(w.set.take())) as RecorderStates); };
    records.forEach((r, i) => {
      one.set.onRequest(r);
      workers[i % 2]?.set.onRequest(r);
      if (i % 50 === 0) report();
    });
    report();
    one.requestLog?.close(endedAt);
    coordinator.requestLog?.close(endedAt);

    expect(summaryOf(coordinator, endedAt)).toEqual(summaryOf(one, endedAt));
    expect(summaryOf(one, endedAt).totals.requests).toBe(900);
    const phases = (r: RunRecorders) => r.preset && buildPresetReport({ recorder: r.preset, startedAt: T0, endedAt, seconds: [] }).phases;
    expect(phases(coordinator)).toEqual(phases(one));
    expect(phases(one)?.map((p) => p.requests)).toEqual([300, 300, 300]);
    expect(coordinator.inference?.stats(6)).toEqual(one.inference?.stats(6));
    expect(Object.keys(one.inference?.stats(6) ?? {})).toEqual(['gen']);
    expect(hlog(poolDir)).toEqual(hlog(oneDir));
    expect(hlog(oneDir).length).toBeGreaterThan(12);
  });

  it('a merge builds the list without requests.hlog (it merges the shards\' files) and absorbs whole shards', () => {
    const merge = buildRunRecorders(scenario, { runId: 'r', startedAt: T0, role: 'merge' });
    expect(merge.set.recorders.map((r) => r.key)).toEqual(['aggregator', 'preset', 'inference']);
  });
});
