import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { startDemoTarget, type DemoTarget } from '../generator/src/demo-target';
import { runScenario } from '../generator/src/runner';
import { parseScenario } from '../generator/src/scenario';

jest.setTimeout(60_000);

/**
 * extract: tokens and time to first chunk against the demo target's /generate, a real local HTTP
 * server that answers like a completion API (JSON with usage, or SSE one event per token).
 */
describe('inference-aware requests against a real local server', () => {
  let target: DemoTarget;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-extract-'));
    target = await startDemoTarget({ cpuCostMs: 1, concurrency: 4 });
  });
  afterAll(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tokens per request, tokens/s and first chunk per request name; requests without extract are left alone', async () => {
    const scenario = parseScenario([
      'name: inference',
      `target: ${target.url}`,
      'requests:',
      // 12 tokens, 25 ms apart: the first event comes ~275 ms before the last.
      '  - { name: stream, method: POST, path: /generate, body: { max_tokens: 12, stream: true, token_ms: 25 }, extract: { tokens: $.usage.completion_tokens } }',
      '  - { name: complete, method: POST, path: /generate, body: { max_tokens: 40, token_ms: 1 }, extract: { tokens: $.usage.completion_tokens } }',
      '  - { name: plain, method: POST, path: /generate, body: { max_tokens: 5 } }',
      'load: { model: closed, vus: 3, iterations: 45 }',
    ].join('\n'), path.join(dir, 'inference.yaml'));
    const out = new PassThrough();
    let console = '';
    out.on('data', (d: Buffer) => { console += d.toString(); });
    const { summary } = await runScenario({ scenario, outDir: path.join(dir, 'out'), out, env: {} });
    expect(summary.totals.failed).toBe(0);
    const inf = summary.inference;
    expect(inf && Object.keys(inf).sort()).toEqual(['complete', 'stream']);
    const stream = inf?.stream;
    const complete = inf?.complete;
    if (!stream || !complete) return;
    expect(stream.responses).toBe(summary.requests.stream?.requests);
    expect(stream.withTokens).toBe(stream.responses);
    expect(stream.tokens.total).toBe(12 * stream.responses);
    expect(stream.tokens.perRequest).toEqual({ avg: 12, p50: 12, p95: 12, max: 12 });
    expect(complete.tokens.total).toBe(40 * complete.responses);
    expect(stream.tokens.perSecond).toBeCloseTo(stream.tokens.total / summary.run.durationS, 1);
    // Streamed: the first token arrives well before the answer ends (11 × 25 ms later).
    expect(stream.firstChunk.p50).toBeGreaterThan(0);
    expect(stream.latency.p50 - stream.firstChunk.p50).toBeGreaterThan(200);
    // One JSON body: its first chunk is (nearly) its end.
    expect(complete.latency.p50 - complete.firstChunk.p50).toBeLessThan(50);
    // SSE headers go out before the first token; a JSON answer's headers come with its body.
    expect(stream.ttfb.p50).toBeLessThanOrEqual(stream.firstChunk.p50);
    expect(stream.ttfb.max).toBeGreaterThan(0);
    expect(console).toMatch(/INFERENCE\n {4}\{ name:stream \} {2}[\d.]+ tokens\/s at p95 [\d.]+m?s · 12 tokens\/response \(p95 12\) · first chunk p50=/);
    const md = readFileSync(path.join(dir, 'out', 'summary.md'), 'utf8');
    expect(md).toMatch(/## Inference[\s\S]*\| `stream` \| \d+ \| \d+ \| \d+ \|/);
  });
});
