import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Summary } from '../generator/src/results';
import { cleanEnv, runCli, spawnCli } from './helpers/cli';
import { startRecordingTarget, type RecordingTarget } from './helpers/recording-target';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';
import { expectWithinHdrPrecision, requestSpans } from './helpers/exact-percentiles';

/**
 * `scaletrace run --workers 2` through the built CLI against a loopback target. Each worker
 * thread exports its own spans (resource `loadtest.worker.index`), so the OTLP receiver fixture
 * sees what each worker did on its own; the one summary must be their sum.
 */
describe('scaletrace run --workers 2', () => {
  let dir: string;
  let target: RecordingTarget;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-workers-'));
    target = await startRecordingTarget();
  });
  beforeEach(async () => { receiver = await startOtlpReceiver(); });
  afterEach(async () => { await receiver.close(); });
  afterAll(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const read = (out: string): Summary => JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
  function scenario(name: string, load: string): string {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, [
      `name: ${name}`, `target: ${target.url}`, 'requests:',
      '  - { name: ok, path: /ok, weight: 3 }',
      '  - { name: slow, path: "/slow?ms=20", weight: 2 }',
      '  - { name: fail, path: /fail, weight: 1 }',
      `load: ${load}`,
    ].join('\n'));
    return file;
  }

  it('open model: the summary\'s totals are the sum of its workers, each with half the arrivals', async () => {
    const file = scenario('workers-open', '{ model: open, stages: [{ duration: 1s, rate: 150 }, { duration: 1s, rate: 150 }] }');
    const out = path.join(dir, 'open');
    const before = target.requests;
    const res = await runCli(['run', file, '--workers', '2', '--out', out, '--run-id', 'w2'], {
      timeoutMs: 40_000, env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
    });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const summary = read(out);
    const spans = requestSpans(receiver.spans());
    const byWorker = new Map<unknown, typeof spans>();
    for (const s of spans) byWorker.set(s.resource['loadtest.worker.index'], [...(byWorker.get(s.resource['loadtest.worker.index']) ?? []), s]);
    expect([...byWorker.keys()].sort()).toEqual([0, 1]);
    // 300 arrivals interleaved: 150 each
    expect(byWorker.get(0)).toHaveLength(150);
    expect(byWorker.get(1)).toHaveLength(150);
    expect(summary.totals.requests).toBe(300);
    expect(target.requests - before).toBe(300);
    const failed = (w: number): number => (byWorker.get(w) ?? []).filter((s) => s.status.code === 2).length;
    expect(summary.totals.failed).toBe(failed(0) + failed(1));
    expect(summary.totals.failed).toBeGreaterThan(0);
    expect(summary.telemetry.spans).toEqual({ created: 300, exported: 300, spilled: 0, dropped: 0 });
    expect(summary.stages.map((s) => s.requests)).toEqual([150, 150]);
    expectWithinHdrPrecision(summary.totals.latency, spans.map((s) => s.endMs - s.startMs));
    // one schedule: the merged intended send times are 1/150 s apart, alternating workers (no bursts)
    const ordered = [...spans].sort((a, b) => a.startMs - b.startMs);
    const gaps = ordered.slice(1).map((s, i) => s.startMs - (ordered[i] as typeof s).startMs);
    expect(Math.min(...gaps)).toBeGreaterThan(1000 / 150 - 0.05);
    expect(Math.max(...gaps)).toBeLessThan(1000 / 150 + 0.05);
    expect(ordered.every((s, i) => s.resource['loadtest.worker.index'] === i % 2)).toBe(true);
    // one run span and one stage span per stage, from the coordinator
    const internal = receiver.spans().filter((s) => s.kind === 1).map((s) => s.name).sort();
    expect(internal).toEqual(['loadtest workers-open', 'stage 0', 'stage 1']);
  }, 60_000);

  it('collector down: each worker spills its own spans, `scaletrace replay <spill>` delivers all of them', async () => {
    const file = scenario('workers-spill', '{ model: closed, vus: 4, iterations: 200 }');
    const out = path.join(dir, 'spill');
    await receiver.close();
    const down = receiver.url; // nothing listens here any more
    const res = await runCli(['run', file, '--workers', '2', '--out', out], {
      timeoutMs: 45_000, env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: down, OTEL_EXPORTER_OTLP_TIMEOUT: '500' }),
    });
    expect(res.code).toBe(0);
    const summary = read(out);
    expect(summary.totals.requests).toBe(200);
    expect(summary.telemetry.spans).toMatchObject({ created: 200, spilled: 200, dropped: 0 });
    expect(readdirSync(path.join(out, 'spill')).filter((n) => n.startsWith('worker-')).sort()).toEqual(['worker-0', 'worker-1']);

    receiver = await startOtlpReceiver();
    const replay = await runCli(['replay', path.join(out, 'spill')], { timeoutMs: 30_000, env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }) });
    expect(replay.code).toBe(0);
    const spans = requestSpans(receiver.spans());
    expect(spans).toHaveLength(200);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(200);
  }, 90_000);

  it('Ctrl-C stops every worker, flushes and writes partial results (exit 130)', async () => {
    const file = scenario('workers-interrupt', '{ model: closed, vus: 4, duration: 30s }');
    const out = path.join(dir, 'interrupt');
    const child = spawnCli(['run', file, '--workers', '2', '--out', out], cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }));
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    try {
      await new Promise<void>((resolve) => child.stdout?.on('data', (d: Buffer) => { if (d.toString().includes('vus ')) resolve(); }));
      child.kill('SIGINT');
      const res = await child.result;
      expect(res.code).toBe(130);
      const summary = read(out);
      expect(summary.run.status).toBe('interrupted');
      expect(summary.run.durationS).toBeLessThan(25);
      expect(summary.totals.requests).toBeGreaterThan(0);
      const spans = requestSpans(receiver.spans());
      expect(summary.telemetry.spans.created).toBe(summary.totals.requests);
      expect(spans).toHaveLength(summary.totals.requests);
      expect(new Set(spans.map((s) => s.attributes['loadtest.vu']))).toEqual(new Set([1, 2, 3, 4]));
    } finally {
      clearTimeout(killer);
    }
  }, 60_000);
});
