import type { Summary } from '../generator/src/results';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../generator/src/bench/free-port';
import { cleanEnv, runCli, spawnCli } from './helpers/cli';
import { startRecordingTarget } from './helpers/recording-target';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';
import { startSilentCollector, type SilentCollector } from './fixtures/silent-collector';

jest.setTimeout(90_000);

const EXPORT_TIMEOUT_MS = 3000;
const FLUSH_MS = 1000;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Issue 13.1 through the built CLI, with two worker threads and --quiet: a 4 s load with the
 * collector at a closed port, then at a collector that accepts connections and never answers.
 * One stderr notice naming the spill directory, soon after the first failed export; the process
 * ends within the export timeout of the load's end (it sat silent ~24 s before); every span is in
 * the spill files and `scaletrace replay` delivers them all.
 */
describe('scaletrace run with the collector down', () => {
  let dir: string;
  let receiver: OtlpReceiver | undefined;
  let silent: SilentCollector | undefined;

  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-cli-down-')); });
  afterEach(async () => {
    await receiver?.close();
    await silent?.close();
    receiver = undefined;
    silent = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function runAgainst(name: string, endpoint: string, extraEnv: Record<string, string> = {}) {
    const target = await startRecordingTarget();
    try {
      const file = path.join(dir, `${name}.yaml`);
      writeFileSync(file, [
        `name: ${name}`, `target: ${target.url}`, 'requests: [ { name: ok, path: /ok } ]',
        'load: { model: open, rate: 400, duration: 4s }',
      ].join('\n'));
      const out = path.join(dir, `out-${name}`);
      const child = spawnCli(['run', file, '--out', out, '--workers', '2', '-q'],
        cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_TIMEOUT: String(EXPORT_TIMEOUT_MS), ...extraEnv }));
      let noticeAt: number | undefined;
      child.stderr?.on('data', (d: Buffer) => { if (noticeAt === undefined && d.toString().includes('collector')) noticeAt = Date.now(); });
      const killer = setTimeout(() => child.kill('SIGKILL'), 80_000);
      const res = await child.result;
      const exitAt = Date.now();
      clearTimeout(killer);
      return { res, out, exitAt, noticeAt, loadStart: target.firstAt ?? Number.NaN, loadEnd: target.lastAt ?? Number.NaN };
    } finally {
      await target.close();
    }
  }

  /** The spill files hold every span (sidecar counts) and replay delivers every request span. */
  async function expectEverySpanReplayed(out: string): Promise<void> {
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
    const requests = summary.totals.requests;
    expect(requests).toBeGreaterThan(1000);
    expect(summary.telemetry.spans).toEqual({ created: requests, exported: 0, spilled: requests, dropped: 0 });
    const spill = path.join(out, 'spill');
    const countFiles = [spill, ...readdirSync(spill).filter((d) => d.startsWith('worker-')).map((d) => path.join(spill, d))]
      .flatMap((d) => readdirSync(d).filter((f) => /^traces-\d+\.pb\.count$/.test(f)).map((f) => path.join(d, f)));
    const spilledSpans = countFiles.reduce((n, f) => n + (JSON.parse(readFileSync(f, 'utf8')) as { items: number }).items, 0);

    receiver = await startOtlpReceiver();
    const replay = await runCli(['replay', spill], { env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }), timeoutMs: 60_000 });
    expect(replay.code).toBe(0);
    const clients = receiver.spans().filter((s) => s.kind === 3);
    expect(clients).toHaveLength(requests);
    expect(new Set(clients.map((s) => s.spanId)).size).toBe(requests);
    // The sidecars count the run and stage spans riding in the same batches too.
    expect(receiver.spans()).toHaveLength(spilledSpans);
  }

  it('closed port: a notice within 2 s of the first failed export, exit soon after the load', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const { res, out, exitAt, noticeAt, loadStart, loadEnd } = await runAgainst('closed-port', endpoint);
    expect(res.code).toBe(0);
    const notices = res.stderr.split('\n').filter((l) => l.includes('collector'));
    expect(notices).toHaveLength(1);
    const spill = path.join(out, 'spill');
    expect(notices[0]).toMatch(new RegExp(`^scaletrace: collector unreachable at ${escapeRe(endpoint)}/v1/(traces|logs|metrics) \\(ECONNREFUSED\\): ` +
      `spilling batches to ${escapeRe(spill)}; resend with \`scaletrace replay ${escapeRe(spill)}\`$`));
    // The first exports go out one flush interval into the load and are refused at once.
    expect((noticeAt ?? Infinity) - loadStart).toBeLessThan(FLUSH_MS + 2000);
    // Before: 13 s after a 4 s load with a 3 s export timeout (24 s with the default 10 s).
    expect(exitAt - loadEnd).toBeLessThan(EXPORT_TIMEOUT_MS);
    await expectEverySpanReplayed(out);
  });

  it('a collector that never answers: a notice when the first export times out, exit within the export timeout of the load', async () => {
    silent = await startSilentCollector();
    const { res, out, exitAt, noticeAt, loadEnd } = await runAgainst('silent', silent.url);
    expect(res.code).toBe(0);
    const notices = res.stderr.split('\n').filter((l) => l.includes('collector'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^scaletrace: collector (unreachable at \S+ \(no answer within 3000 ms\)|at \S+ did not answer by the shutdown deadline \(.*\)): spilling batches to /);
    const firstFailure = (silent.firstConnectionAt ?? Number.NaN) + EXPORT_TIMEOUT_MS;
    expect((noticeAt ?? Infinity) - firstFailure).toBeLessThan(2000);
    // Before: 17 s after the load. Now at most the export timeout (plus writing results).
    expect(exitAt - loadEnd).toBeLessThan(EXPORT_TIMEOUT_MS + 1500);
    await expectEverySpanReplayed(out);
  });

  it('only the traces collector down: metrics and logs still reach theirs, only spans are spilled', async () => {
    receiver = await startOtlpReceiver();
    const tracesEndpoint = `http://127.0.0.1:${await freePort()}/v1/traces`;
    const { res, out } = await runAgainst('traces-down', receiver.url, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: tracesEndpoint });
    expect(res.code).toBe(0);
    const notices = res.stderr.split('\n').filter((l) => l.includes('collector'));
    expect(notices).toEqual([expect.stringContaining(`collector unreachable at ${tracesEndpoint} (ECONNREFUSED)`)]);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
    expect(summary.telemetry.spans).toMatchObject({ exported: 0, spilled: summary.totals.requests, dropped: 0 });
    // The request-duration histogram reached the working collector; no metric or log batch was spilled.
    const requests = receiver.metrics().filter((p) => p.name === 'http.client.request.duration');
    expect(requests.length).toBeGreaterThan(0);
    const spill = path.join(out, 'spill');
    const spilled = [spill, ...readdirSync(spill).filter((d) => d.startsWith('worker-')).map((d) => path.join(spill, d))]
      .flatMap((d) => readdirSync(d)).filter((f) => /^(metrics|logs)-/.test(f));
    expect(spilled).toEqual([]);
    expect(receiver.logRecords().length).toBeGreaterThan(0);
  });
});
