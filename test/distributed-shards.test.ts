import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Summary } from '../generator/src/results';
import type { ShardFile } from '../generator/src/shards';
import { cleanEnv, runCli } from './helpers/cli';
import { startRecordingTarget, type RecordingTarget } from './helpers/recording-target';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';
import { expectWithinHdrPrecision, requestSpans } from './helpers/exact-percentiles';

/**
 * A distributed run as an Indexed Job runs it, with the pods as local processes: three shards
 * (JOB_COMPLETION_INDEX 0–2 of SCALETRACE_SHARDS=3, one shared SCALETRACE_START_AT and
 * SCALETRACE_RUN_ID) against a loopback target, every request span sent to an OTLP receiver
 * fixture. `scaletrace merge` must give the percentiles of the union of all recorded latencies.
 */
describe('distributed run: shards as local processes → scaletrace merge', () => {
  let dir: string;
  let target: RecordingTarget;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-shards-'));
    target = await startRecordingTarget();
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const read = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

  it('merged totals are the shards\' sums and merged percentiles those of every recorded value', async () => {
    const file = path.join(dir, 'sharded.yaml');
    writeFileSync(file, [
      'name: sharded',
      `target: ${target.url}`,
      'requests:',
      '  - { name: fast, path: /ok, weight: 2 }',
      '  - { name: slow, path: "/slow?ms=15", weight: 2 }',
      '  - { name: slower, path: "/slow?ms=40", weight: 1 }',
      '  - { name: fail, path: /fail, weight: 1 }',
      // 100 + 150 = 250 arrivals
      'load: { model: open, startRate: 100, stages: [{ duration: 1s, rate: 100 }, { duration: 1s, rate: 200 }] }',
      // no shard alone has 250 requests: only the merged run passes
      'thresholds: ["requests >= 250", "p99 < 10s"]',
    ].join('\n'));
    const startAt = Date.now() + 4000;
    const runs = await Promise.all([0, 1, 2].map((index) => runCli(
      ['run', file, '--out', path.join(dir, 'run', `shard-${index}`), '--quiet', ...(index === 2 ? ['--workers', '2'] : ['--workers', '1'])],
      {
        timeoutMs: 40_000,
        env: cleanEnv({
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          JOB_COMPLETION_INDEX: String(index), SCALETRACE_SHARDS: '3',
          SCALETRACE_START_AT: new Date(startAt).toISOString(), SCALETRACE_RUN_ID: 'job-uid-1234',
        }),
      },
    )));
    const shards = [0, 1, 2].map((i) => read<ShardFile>(path.join(dir, 'run', `shard-${i}`, 'shard.json')));
    const shardSummaries = [0, 1, 2].map((i) => read<Summary>(path.join(dir, 'run', `shard-${i}`, 'summary.json')));
    // each shard fails "requests >= 250" on its own share: 250 split 84/83/83
    expect(runs.map((r) => r.code)).toEqual([99, 99, 99]);
    expect(shardSummaries.map((s) => s.totals.requests)).toEqual([84, 83, 83]);
    expect(shards.map((s) => [s.runId, s.shard.index, s.shard.count, s.start.source])).toEqual([
      ['job-uid-1234', 0, 3, 'start-at'], ['job-uid-1234', 1, 3, 'start-at'], ['job-uid-1234', 2, 3, 'start-at'],
    ]);
    expect(shards[2]?.workers).toBe(2);

    const merged = await runCli(['merge', path.join(dir, 'run'), '--out', path.join(dir, 'merged')], { timeoutMs: 20_000 });
    expect(merged.stderr.split('\n').filter((l) => !/started .* after the shared start/.test(l))).toEqual(['']);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('merged 3 shards of run job-uid-1234');
    const summary = read<Summary>(path.join(dir, 'merged', 'summary.json'));
    expect(summary.run.id).toBe('job-uid-1234');
    expect(summary.totals.requests).toBe(250);
    expect(summary.totals.failed).toBe(shardSummaries.reduce((n, s) => n + s.totals.failed, 0));
    for (const name of ['fast', 'slow', 'slower', 'fail']) {
      expect(summary.requests[name]?.requests).toBe(shardSummaries.reduce((n, s) => n + (s.requests[name]?.requests ?? 0), 0));
    }
    expect(summary.thresholds.map((t) => [t.expr, t.ok])).toEqual([['requests >= 250', true], ['p99 < 10s', true]]);
    expect(summary.stages.map((s) => s.requests)).toEqual([100, 150]);
    expect(target.requests).toBe(250);

    // The union of what the shards recorded, one span per request from every shard and worker.
    const spans = requestSpans(receiver.spans());
    expect(spans).toHaveLength(250);
    expect(new Set(spans.map((s) => s.resource['loadtest.run.id']))).toEqual(new Set(['job-uid-1234']));
    // worker indexes are unique across the run: shards 0 and 1, shard 2's two workers (2 and 2+3)
    expect(new Set(spans.map((s) => s.resource['loadtest.worker.index']))).toEqual(new Set([0, 1, 2, 5]));
    expect(spans.filter((s) => s.status.code === 2)).toHaveLength(summary.totals.failed);
    expectWithinHdrPrecision(summary.totals.latency, spans.map((s) => s.endMs - s.startMs));
    for (const name of ['slow', 'slower']) {
      expectWithinHdrPrecision(summary.requests[name]!.latency, spans.filter((s) => s.attributes['loadtest.request.name'] === name).map((s) => s.endMs - s.startMs));
    }
    // …and not merely plausible: one shard's percentiles are not the run's
    expect(() => expectWithinHdrPrecision(summary.totals.latency, spans.filter((s) => s.resource['loadtest.worker.index'] === 0).map((s) => s.endMs - s.startMs))).toThrow();

    // a missing shard is refused (exit 2) unless --allow-partial
    const partial = await runCli(['merge', path.join(dir, 'run', 'shard-0'), path.join(dir, 'run', 'shard-1'), '--out', path.join(dir, 'partial')], { timeoutMs: 20_000 });
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/shard 2 of 3 missing/);
  }, 90_000);
});
