import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HistogramLogReader, type Histogram } from 'hdr-histogram-js';
import type { RequestRecord } from '../engine';
import { REQUEST_LOG_FILE, RequestIntervalLog } from '../dataset';
import { buildPresetReport } from '../results';
import { record, seededRandom } from '../results/test-fixtures';
import { buildRunRecorders } from '../runner/run-recorders';
import { parseScenario, type Scenario } from '../scenario';
import { readShardFiles, type ShardFile } from '../shards';
import { mergeRequestLogs } from './merge-request-logs';
import { mergeShards } from './merge-shards';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const SPANS = { created: 0, exported: 0, spilled: 0, dropped: 0 };

function scenarioOf(load: string): Scenario {
  return parseScenario([
    'name: merged', 'target: http://127.0.0.1:9', 'requests:',
    '  - { name: gen, method: POST, path: /generate, extract: { tokens: $.usage.completion_tokens } }',
    '  - { name: plain, path: /ok }',
    `load: ${load}`,
  ].join('\n'), '/tmp/merged.yaml');
}
const spike = scenarioOf('{ model: open, preset: spike, spike: { baseline: 10, peak: 40, baselineDuration: 2s, spikeDuration: 2s, recoveryDuration: 2s } }');

/** 300 requests per phase: random times, whole-ms latencies, ~5 % failed, `gen` answers with tokens; in completion order. */
function traffic(scenario: Scenario, seed: number): RequestRecord[] {
  const random = seededRandom(seed);
  const out: RequestRecord[] = [];
  for (const p of scenario.preset?.phases ?? []) {
    for (let i = 0; i < 300; i++) {
      const at = T0 + p.startMs + Math.floor(random() * p.durationMs);
      const gen = random() < 0.6;
      const r = record({ name: gen ? 'gen' : 'plain', stage: p.stages[p.stages.length - 1] as number, at, latencyMs: 5 + Math.floor(random() * 300), errorType: random() < 0.05 ? '503' : undefined });
      out.push(gen && r.errorType === undefined ? { ...r, tokens: 10 + Math.floor(random() * 40), firstChunk: at + 3 } : r);
    }
  }
  return out.sort((a, b) => a.end - b.end);
}

/** A shard's shard.json as `scaletrace run --shard i/n` writes it, from the requests it recorded. */
function shardOf(scenario: Scenario, index: number, count: number, records: readonly RequestRecord[], endedAt: number, meta: Partial<ShardFile['meta']> = {}): { file: string; shard: ShardFile } {
  const r = buildRunRecorders(scenario, { runId: 'run-1', startedAt: T0, role: 'coordinator', keepSecondHistograms: true });
  for (const x of records) r.set.onRequest(x);
  r.aggregator.current.tick(endedAt, { stage: 0, inFlight: 0, sent: 0, completed: 0, dropped: 0 });
  const recorders = JSON.parse(JSON.stringify(r.set.state())) as ShardFile['recorders'];
  return {
    file: `shard-${index}/shard.json`,
    shard: {
      kind: 'scaletrace-shard', schemaVersion: 2, runId: 'run-1', shard: { index, count }, workers: 1,
      start: { source: 'start-at', at: new Date(T0).toISOString(), lateMs: 0 }, scenario,
      meta: { endedAt, status: 'passed', spans: SPANS, telemetry: { spans: SPANS, metricsExported: false }, ...meta }, recorders,
    },
  };
}

describe('scaletrace merge: preset tables and inference figures', () => {
  it('two shards of a preset + extract run merge into the tables and figures of one recorder of every request', () => {
    const records = traffic(spike, 5);
    const endedAt = T0 + 6000;
    const one = buildRunRecorders(spike, { runId: 'run-1', startedAt: T0, role: 'merge' });
    for (const r of records) one.set.onRequest(r);
    const { summary, warnings } = mergeShards([
      shardOf(spike, 0, 2, records.filter((_, i) => i % 2 === 0), endedAt),
      shardOf(spike, 1, 2, records.filter((_, i) => i % 2 === 1), endedAt),
    ]);
    expect(warnings).toEqual([]);
    const whole = buildPresetReport({ recorder: one.preset as NonNullable<typeof one.preset>, startedAt: T0, endedAt, seconds: [] });
    expect(summary.preset?.phases).toEqual(whole.phases);
    expect(summary.preset?.phases.map((p) => p.requests)).toEqual([300, 300, 300]);
    expect(summary.preset?.spike?.spikeIncreasePct).toEqual(whole.spike?.spikeIncreasePct);
    expect(summary.inference).toEqual(one.inference?.stats(6));
    expect(summary.inference?.gen?.withTokens).toBe(records.filter((r) => r.tokens !== undefined).length);
  });

  it('a stress run: the merged curve stops where the first shard stopped (its live break)', () => {
    const stress = scenarioOf('{ model: open, preset: stress, stress: { start: 10, step: 10, max: 40, stepDuration: 2s, breakWhen: { successBelow: 95% } } }');
    const records = traffic(stress, 6).filter((r) => r.stage <= 2 * 2);
    const endedAt = T0 + 5000;
    const { summary } = mergeShards([
      shardOf(stress, 0, 2, records.filter((_, i) => i % 2 === 0), endedAt, { liveBreak: { phase: 1, reasons: ['success 90% < 95%'] } }),
      shardOf(stress, 1, 2, records.filter((_, i) => i % 2 === 1), endedAt),
    ]);
    expect(summary.preset?.stress?.stoppedEarly).toBe(true);
    expect(summary.preset?.stress?.breaking?.step).toBe(2);
    expect(summary.preset?.stress?.curve.map((s) => s.verdict).slice(2)).toEqual(['after break', 'not run']);
  });

  it('a version-1 shard.json is still read (the aggregator\'s state) and its missing sections are named, not invented', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-v1-'));
    try {
      const records = traffic(spike, 8);
      const current = shardOf(spike, 0, 2, records.filter((_, i) => i % 2 === 0), T0 + 6000);
      const { recorders, ...rest } = shardOf(spike, 1, 2, records.filter((_, i) => i % 2 === 1), T0 + 6000).shard;
      mkdirSync(path.join(dir, 'shard-1'));
      writeFileSync(path.join(dir, 'shard-1', 'shard.json'), JSON.stringify({ ...rest, schemaVersion: 1, state: recorders.aggregator }));
      const [v1] = await readShardFiles([path.join(dir, 'shard-1')]);
      expect(v1?.shard.recorders.aggregator.total.requests).toBe(450);
      const { summary, warnings } = mergeShards([current, v1 as NonNullable<typeof v1>]);
      expect(summary.totals.requests).toBe(900);
      expect(summary.preset).toBeUndefined();
      expect(summary.inference).toBeUndefined();
      expect(warnings).toEqual([
        'preset not merged: shard 1 has no preset state (shard.json version 1)',
        'inference not merged: shard 1 has no inference state (shard.json version 1)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mergeRequestLogs', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-merge-hlog-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lines = (file: string): string[] => {
    const reader = new HistogramLogReader(readFileSync(file, 'utf8'));
    const out: string[] = [];
    for (let h: Histogram | null = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
      out.push(`${h.tag} ${Math.round(h.startTimeStampMsec - T0)}+${Math.round(h.endTimeStampMsec - h.startTimeStampMsec)} n=${h.totalCount} p50=${h.getValueAtPercentile(50)} p99=${h.getValueAtPercentile(99)}`);
    }
    return out.sort();
  };
  const logOf = (sub: string, records: readonly RequestRecord[], endedAt: number): void => {
    mkdirSync(path.join(dir, sub), { recursive: true });
    const log = new RequestIntervalLog(path.join(dir, sub), T0, { gen: 1, plain: 1 });
    for (const r of records) log.onRequest(r);
    log.close(endedAt);
  };

  it('adds the shards\' per-second histograms per tag: the log one process recording everything writes', async () => {
    const records = traffic(spike, 9);
    const endedAt = (records[records.length - 1] as RequestRecord).end;
    logOf('one', records, endedAt);
    logOf('run/shard-0', records.filter((_, i) => i % 3 !== 0), endedAt - 20);
    logOf('run/shard-1', records.filter((_, i) => i % 3 === 0), endedAt);
    const shards = [0, 1].map((i) => ({ file: path.join(dir, 'run', `shard-${i}`, 'shard.json'), shard: { shard: { index: i, count: 2 }, scenario: spike } as ShardFile }));
    mkdirSync(path.join(dir, 'merged'));
    const merged = await mergeRequestLogs(shards, path.join(dir, 'merged'), { startedAt: T0, endedAt });
    expect(merged).toEqual({ file: path.join(dir, 'merged', REQUEST_LOG_FILE), warnings: [] });
    const expected = lines(path.join(dir, 'one', REQUEST_LOG_FILE));
    expect(lines(merged.file as string)).toEqual(expected);
    expect(expected.filter((l) => l.startsWith('all:gen ')).length).toBeGreaterThanOrEqual(6);
    expect(lines(path.join(dir, 'run', 'shard-1', REQUEST_LOG_FILE))).not.toEqual(expected);

    // A shard without a log: no merged log, said so.
    rmSync(path.join(dir, 'run', 'shard-1', REQUEST_LOG_FILE));
    expect(await mergeRequestLogs(shards, path.join(dir, 'merged'), { startedAt: T0, endedAt }))
      .toEqual({ warnings: ['requests.hlog not merged: shard 1 wrote none beside shard.json'] });
  });
});
