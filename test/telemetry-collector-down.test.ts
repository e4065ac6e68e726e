import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RunTelemetry, replaySpill } from '../generator/src/telemetry';
import { fakeRecord } from '../generator/src/telemetry/test-records';
import { freePort } from '../generator/src/bench/free-port';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';
import { startSilentCollector, type SilentCollector } from './fixtures/silent-collector';
import { waitFor } from './helpers/wait-for';

const TIMEOUT_MS = 2000;
const RECORDS = 5000;
// 10 spans a batch: 500 batches, far more than the 64 the queue holds.
const LIMITS = { maxBatchSize: 10 };

/**
 * A collector that is down costs one notice and no waiting: said within 2 s of the first failed
 * export, every batch spilled (none dropped, all replayable), shutdown within the export timeout
 * (OTEL_EXPORTER_OTLP_TIMEOUT) however many batches are queued.
 */
describe('RunTelemetry with the collector down', () => {
  let dir: string;
  let receiver: OtlpReceiver | undefined;
  let silent: SilentCollector | undefined;

  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-down-')); });
  afterEach(async () => {
    await receiver?.close();
    await silent?.close();
    receiver = undefined;
    silent = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  function start(endpoint: string): { telemetry: RunTelemetry; notices: Array<{ at: number; line: string }>; ids: Set<string>; addedAt: number } {
    const notices: Array<{ at: number; line: string }> = [];
    const telemetry = RunTelemetry.create({
      runId: `run-down-${path.basename(dir)}`, scenario: 'down', spillDir: path.join(dir, 'spill'), metricIntervalMs: 60_000,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_TIMEOUT: String(TIMEOUT_MS) },
      spanLimits: LIMITS, warn: (line) => notices.push({ at: Date.now(), line }),
    });
    const ids = new Set<string>();
    const addedAt = Date.now();
    for (let i = 0; i < RECORDS; i++) {
      const r = fakeRecord(i);
      ids.add(r.spanId);
      telemetry.onRequest(r);
    }
    return { telemetry, notices, ids, addedAt };
  }

  /** Every span is in a spill file (sidecar counts) and replays into a working receiver. */
  async function expectAllReplayable(ids: Set<string>): Promise<void> {
    const spillDir = path.join(dir, 'spill');
    const counts = readdirSync(spillDir).filter((f) => /^traces-\d+\.pb\.count$/.test(f))
      .map((f) => (JSON.parse(readFileSync(path.join(spillDir, f), 'utf8')) as { items: number }).items);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(RECORDS);
    receiver = await startOtlpReceiver();
    const replay = await replaySpill(spillDir, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
    expect(replay.failed).toBe(0);
    const clients = receiver.spans().filter((s) => s.kind === 3);
    expect(clients).toHaveLength(RECORDS);
    expect(new Set(clients.map((s) => s.spanId))).toEqual(ids);
  }

  it('closed port: one notice at once, 500 queued batches spilled without waiting', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { telemetry, notices, ids, addedAt } = start(url);
    // The first batch is exported right after the records arrive and is refused at once.
    const notice = await waitFor('the collector-down notice', 5000, () => notices[0]);
    expect(notice.at - addedAt).toBeLessThan(2000);
    expect(notice.line).toBe(`collector unreachable at ${url}/v1/traces (ECONNREFUSED): spilling batches to ${path.join(dir, 'spill')}; ` +
      `resend with \`scaletrace replay ${path.join(dir, 'spill')}\``);

    const shutdownAt = Date.now();
    const accounting = await telemetry.shutdown();
    const shutdownMs = Date.now() - shutdownAt;
    // Known down: nothing waits for a timeout (the old pipeline sent the queue one batch per timeout, 30 s).
    expect(shutdownMs).toBeLessThan(TIMEOUT_MS);
    expect(accounting).toEqual({ created: RECORDS, exported: 0, spilled: RECORDS, dropped: 0 });
    expect(notices).toHaveLength(1);
    await expectAllReplayable(ids);
  }, 30_000);

  it('a collector that accepts connections but never answers: spilled when the first export times out, shutdown within the timeout', async () => {
    silent = await startSilentCollector();
    const { telemetry, notices, ids } = start(silent.url);
    const shutdownAt = Date.now();
    const accounting = await telemetry.shutdown();
    const shutdownMs = Date.now() - shutdownAt;
    // The first export times out after TIMEOUT_MS; then the rest is spilled instead of each waiting as long.
    expect(shutdownMs).toBeLessThan(TIMEOUT_MS + 1000);
    expect(notices).toHaveLength(1);
    const firstFailure = (silent.firstConnectionAt ?? Number.NaN) + TIMEOUT_MS;
    expect(notices[0]!.at - firstFailure).toBeLessThan(2000);
    // Its first export times out at the moment the shutdown deadline passes: either may say it first.
    expect(notices[0]!.line).toMatch(new RegExp(`^collector (unreachable at ${silent.url}/v1/\\w+ \\(no answer within ${TIMEOUT_MS} ms\\)` +
      `|at ${silent.url}/v1/\\w+ did not answer by the shutdown deadline \\(OTEL_EXPORTER_OTLP_TIMEOUT ${TIMEOUT_MS} ms\\)): spilling batches to `));
    expect(accounting).toEqual({ created: RECORDS, exported: 0, spilled: RECORDS, dropped: 0 });
    await expectAllReplayable(ids);
  }, 30_000);
});
