import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HistogramLogReader, type Histogram } from 'hdr-histogram-js';
import { startDemoTarget, type DemoTarget } from '../generator/src/demo-target';
import type { PhaseRow, Summary } from '../generator/src/results';
import { parseScenario } from '../generator/src/scenario';
import { cleanEnv, runCli } from './helpers/cli';
import { exactPercentile, requestSpans } from './helpers/exact-percentiles';
import { startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from './fixtures/otlp-receiver';

/**
 * Every recorder merges across threads and shards: a spike preset with an `extract:` request
 * through the built CLI with `--workers 2`, and as two shards + `scaletrace merge`, against the
 * demo target on 127.0.0.1 (/generate answers 6 tokens; /predict fails 10 %). Every request span
 * reaches an OTLP receiver fixture, so each figure is checked against the raw requests: phase
 * tables, inference figures and requests.hlog counts exactly, percentiles within HDR precision.
 */
describe('preset, inference and requests.hlog with --workers 2 and across shards', () => {
  let dir: string;
  let target: DemoTarget;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-recorders-'));
    target = await startDemoTarget({ cpuCostMs: 1, concurrency: 4, errorRate: 0.1 });
  });
  beforeEach(async () => { receiver = await startOtlpReceiver(); });
  afterEach(async () => { await receiver.close(); });
  afterAll(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const yaml = (): string => [
    'name: recorders',
    `target: ${target.url}`,
    'requests:',
    '  - { name: gen, method: POST, path: /generate, body: { max_tokens: 6, token_ms: 1 }, extract: { tokens: $.usage.completion_tokens } }',
    '  - { name: predict, method: POST, path: /predict, body: \'{"x": 1}\' }',
    'load: { model: open, preset: spike, spike: { baseline: 20, peak: 50, baselineDuration: 2s, spikeDuration: 2s, recoveryDuration: 2s } }',
  ].join('\n');
  const read = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
  const latency = (s: DecodedSpan): number => s.endMs - s.startMs;
  const failed = (s: DecodedSpan): boolean => s.status.code === 2;
  const named = (spans: DecodedSpan[], name: string): DecodedSpan[] => spans.filter((s) => s.attributes['loadtest.request.name'] === name);

  /** Each percentile the reported one of `values` within HDR precision (3 significant digits, µs rounding). */
  function expectPercentiles(reported: Record<'p50' | 'p95' | 'p99' | 'max', number>, values: number[]): void {
    const sorted = [...values].sort((a, b) => a - b);
    for (const [key, p] of [['p50', 50], ['p95', 95], ['p99', 99], ['max', 100]] as const) {
      const exact = exactPercentile(sorted, p);
      expect(Math.abs(reported[key] - exact)).toBeLessThanOrEqual(exact * 0.001 + 0.002);
    }
  }

  /** Phase table rows against the spans sent in each phase's stages. */
  function expectPhases(phases: PhaseRow[] | undefined, spans: DecodedSpan[], file: string): void {
    const plan = parseScenario(yaml(), file).preset;
    expect(phases?.map((p) => p.name)).toEqual(['baseline', 'spike', 'recovery']);
    plan?.phases.forEach((p, i) => {
      const sent = spans.filter((s) => p.stages.includes(s.attributes['loadtest.stage'] as number));
      const row = phases?.[i] as PhaseRow;
      expect(sent.length).toBeGreaterThan(10);
      expect([row.requests, row.failed]).toEqual([sent.length, sent.filter(failed).length]);
      expectPercentiles(row, sent.map(latency));
    });
  }

  /** requests.hlog: every interval line added up per tag (count) and all of `all:*` in one histogram. */
  function hlogTotals(file: string): { counts: Record<string, number>; p95: number; p99: number; max: number } {
    const reader = new HistogramLogReader(readFileSync(file, 'utf8'));
    const counts: Record<string, number> = {};
    let all: Histogram | undefined;
    for (let h: Histogram | null = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
      counts[h.tag] = (counts[h.tag] ?? 0) + h.totalCount;
      if (!h.tag.startsWith('all:')) continue;
      if (all === undefined) all = h;
      else all.add(h);
    }
    const ms = (p: number): number => (all === undefined ? 0 : all.getValueAtPercentile(p) / 1000);
    return { counts, p95: ms(95), p99: ms(99), max: ms(100) };
  }

  function expectLogOf(file: string, spans: DecodedSpan[]): void {
    const log = hlogTotals(file);
    expect(log.counts).toEqual({
      'all:gen': named(spans, 'gen').length, 'all:predict': named(spans, 'predict').length,
      ...(named(spans, 'gen').some(failed) ? { 'failed:gen': named(spans, 'gen').filter(failed).length } : {}),
      'failed:predict': named(spans, 'predict').filter(failed).length,
    });
    const sorted = spans.map(latency).sort((a, b) => a - b);
    for (const [key, p] of [['p95', 95], ['p99', 99], ['max', 100]] as const) {
      const exact = exactPercentile(sorted, p);
      expect(Math.abs(log[key] - exact)).toBeLessThanOrEqual(exact * 0.001 + 0.002);
    }
  }

  function expectInference(summary: Summary, spans: DecodedSpan[]): void {
    const ok = named(spans, 'gen').filter((s) => !failed(s));
    const gen = summary.inference?.gen;
    expect(gen).toBeDefined();
    expect([gen?.responses, gen?.withTokens, gen?.tokens.total]).toEqual([ok.length, ok.length, 6 * ok.length]);
    expectPercentiles(gen?.latency ?? { p50: -1, p95: -1, p99: -1, max: -1 }, ok.map(latency));
  }

  it('--workers 2: both workers record, the coordinator\'s phase table, inference figures and requests.hlog hold every request', async () => {
    const file = path.join(dir, 'workers.yaml');
    writeFileSync(file, yaml());
    const out = path.join(dir, 'workers');
    const res = await runCli(['run', file, '--workers', '2', '--out', out, '--quiet'], {
      timeoutMs: 45_000, env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
    });
    expect(res.stderr).not.toMatch(/one thread/);
    expect(res.code).toBe(0);
    const summary = read<Summary>(path.join(out, 'summary.json'));
    const spans = requestSpans(receiver.spans());
    // Both threads sent requests of every phase.
    expect(new Set(spans.map((s) => s.resource['loadtest.worker.index']))).toEqual(new Set([0, 1]));
    expect(spans).toHaveLength(summary.totals.requests);
    expectPhases(summary.preset?.phases, spans, file);
    expectInference(summary, spans);
    expectLogOf(path.join(out, 'requests.hlog'), spans);
  }, 60_000);

  it('two shards (one with 2 workers) → scaletrace merge: merged phase table, inference figures and requests.hlog of every request', async () => {
    const file = path.join(dir, 'shards.yaml');
    writeFileSync(file, yaml());
    const startAt = Date.now() + 4000;
    const runs = await Promise.all([0, 1].map((index) => runCli(
      ['run', file, '--out', path.join(dir, 'run', `shard-${index}`), '--quiet', '--workers', index === 0 ? '2' : '1'],
      {
        timeoutMs: 45_000,
        env: cleanEnv({
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, JOB_COMPLETION_INDEX: String(index), SCALETRACE_SHARDS: '2',
          SCALETRACE_START_AT: new Date(startAt).toISOString(), SCALETRACE_RUN_ID: 'recorders-1',
        }),
      },
    )));
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const shards = [0, 1].map((i) => read<Summary>(path.join(dir, 'run', `shard-${i}`, 'summary.json')));
    const merged = await runCli(['merge', path.join(dir, 'run'), '--out', path.join(dir, 'merged'), '--quiet'], { timeoutMs: 20_000 });
    expect(merged.stderr.split('\n').filter((l) => l !== '' && !/started .* after the shared start/.test(l))).toEqual([]);
    expect(merged.code).toBe(0);
    const summary = read<Summary>(path.join(dir, 'merged', 'summary.json'));
    const spans = requestSpans(receiver.spans());
    expect(spans).toHaveLength(summary.totals.requests);
    expect(summary.totals.requests).toBe(shards[0]!.totals.requests + shards[1]!.totals.requests);
    // The shards' tables add up, and the merged percentiles are those of every request.
    expect(summary.preset?.phases.map((p) => p.requests)).toEqual(shards[0]!.preset?.phases.map((p, i) => p.requests + shards[1]!.preset!.phases[i]!.requests));
    expectPhases(summary.preset?.phases, spans, file);
    expect(summary.inference?.gen?.tokens.total).toBe(shards[0]!.inference!.gen!.tokens.total + shards[1]!.inference!.gen!.tokens.total);
    expectInference(summary, spans);
    expectLogOf(path.join(dir, 'merged', 'requests.hlog'), spans);
  }, 90_000);
});
