import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RunTelemetry, replaySpill } from '../generator/src/telemetry';
import { PROBE_INTERVAL_MS } from '../generator/src/telemetry/collector-link';
import { fakeRecord } from '../generator/src/telemetry/test-records';
import { freePort } from '../generator/src/bench/free-port';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';
import { waitFor } from './helpers/wait-for';

const METRIC_INTERVAL_MS = 200;
const LOG_FLUSH_MS = 1000;
// Shorter than the first retry's backoff (≥ 800 ms): the export that finds the collector down is
// not retried, as after the 10 s default it would no longer be — a retry still pending when the
// collector comes back would find it without any probe.
const EXPORT_TIMEOUT_MS = 800;

/**
 * Issue 13: metrics and logs sent to a collector of their own (another origin than the traces')
 * that refuses at first and then comes up are exported to it again. Before, only the span
 * pipeline probed a down collector, so these signals spilled for the rest of the run.
 */
describe('a metrics and logs collector that comes back', () => {
  let dir: string;
  const receivers: OtlpReceiver[] = [];

  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-recovery-')); });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('refused, then up: exported to it again, and only what was sent while it was down is spilled', async () => {
    const traces = await startOtlpReceiver();
    receivers.push(traces);
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const spillDir = path.join(dir, 'spill');
    const notices: Array<{ at: number; line: string }> = [];
    const telemetry = RunTelemetry.create({
      runId: `run-recovery-${path.basename(dir)}`, scenario: 'recovery', spillDir, metricIntervalMs: METRIC_INTERVAL_MS,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: traces.url,
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${origin}/v1/metrics`,
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${origin}/v1/logs`,
        OTEL_EXPORTER_OTLP_TIMEOUT: String(EXPORT_TIMEOUT_MS),
      },
      warn: (line) => notices.push({ at: Date.now(), line }),
    });
    const spillFiles = (signal: string): string[] => {
      try {
        return readdirSync(spillDir).filter((f) => new RegExp(`^${signal}-\\d+\\.pb$`).test(f));
      } catch {
        return [];
      }
    };
    // A steady trickle of requests (metrics) and log records, each log record numbered.
    let tick = 0;
    const emitted: Array<{ tick: number; at: number }> = [];
    const feed = setInterval(() => {
      tick++;
      const at = Date.now();
      emitted.push({ tick, at });
      telemetry.onRequest(fakeRecord(tick));
      telemetry.log({ at, severity: 'INFO', body: `tick ${tick}`, attributes: { tick } });
    }, 50);
    const startedAt = Date.now();
    let shutDown = false;
    try {
      const down = await waitFor('the collector-down notice', 5000, () => notices[0]);
      expect(down.line).toMatch(new RegExp(`^collector unreachable at ${origin}/v1/(metrics|logs) \\(ECONNREFUSED\\): spilling batches to `));
      // Its first export (one metric interval, or one log flush, in) is refused at once.
      expect(down.at - startedAt).toBeLessThan(LOG_FLUSH_MS + 2000);
      await waitFor('metric and log batches spilled while it is down', 10_000,
        () => spillFiles('metrics').length >= 3 && spillFiles('logs').length >= 1);

      const metrics = await startOtlpReceiver({ port });
      receivers.push(metrics);
      const upAt = Date.now();
      await waitFor('metric batches reach the collector that came back', 10_000,
        () => metrics.requests.some((r) => r.path === '/v1/metrics'));
      // Found by the next export allowed to probe: within the probe interval plus one export interval.
      expect(Date.now() - upAt).toBeLessThan(PROBE_INTERVAL_MS + LOG_FLUSH_MS + 2000);
      const back = await waitFor('the recovery notice', 5000, () => notices.find((n) => n.line.includes('reachable again')));
      const exportsAtRecovery = metrics.requests.length;
      await waitFor('more metric and log batches reach it', 10_000, () =>
        metrics.requests.filter((r) => r.path === '/v1/metrics').length >= 5 && metrics.requests.length >= exportsAtRecovery + 6
        && metrics.logRecords().some((l) => emitted.find((e) => `tick ${e.tick}` === l.body)!.at > back.at));
      clearInterval(feed);
      await telemetry.shutdown();
      shutDown = true;

      // One notice each way; the count in the second is every batch spilled (nothing after it).
      const spilled = spillFiles('metrics').length + spillFiles('logs').length;
      expect(notices.map((n) => n.line)).toEqual([
        down.line,
        `collector at ${origin}/v1/${back.line.includes('/v1/logs') ? 'logs' : 'metrics'} is reachable again; ${spilled} batches were spilled to ${spillDir} — resend with \`scaletrace replay ${spillDir}\``,
      ]);
      expect(spillFiles('traces')).toEqual([]);
      expect(traces.spans().length).toBe(tick);

      // The spilled batches are the ones exported while it was down; every log record arrived exactly once.
      const replayed = await startOtlpReceiver();
      receivers.push(replayed);
      const replay = await replaySpill(spillDir, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: replayed.url } });
      expect(replay).toMatchObject({ files: spilled, sent: spilled, failed: 0 });
      const spilledMetricTimes = replayed.metrics().map((p) => p.timeUnixMs);
      expect(spilledMetricTimes.length).toBeGreaterThan(0);
      expect(Math.max(...spilledMetricTimes)).toBeLessThan(back.at);
      expect(metrics.metrics().some((p) => p.timeUnixMs > back.at)).toBe(true);
      const ticks = (receiver: OtlpReceiver): number[] => receiver.logRecords().map((l) => Number(String(l.body).replace('tick ', '')));
      const spilledTicks = ticks(replayed);
      const liveTicks = ticks(metrics);
      expect([...spilledTicks, ...liveTicks].sort((a, b) => a - b)).toEqual(emitted.map((e) => e.tick));
      const emittedAt = new Map(emitted.map((e) => [e.tick, e.at]));
      expect(Math.max(...spilledTicks.map((t) => emittedAt.get(t)!))).toBeLessThan(back.at);
    } finally {
      clearInterval(feed);
      if (!shutDown) await telemetry.shutdown();
    }
  }, 60_000);
});
