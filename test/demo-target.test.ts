import { request } from 'undici';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { spawnDemoTarget, startDemoTarget, type DemoTarget } from '../generator/src/demo-target';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';
import { REPO_ROOT, cleanEnv, spawnCli } from './helpers/cli';

async function call(url: string, init: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> } = {}) {
  const res = await request(url, { method: init.method ?? 'GET', body: init.body, headers: init.headers });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: JSON.parse(text) as Record<string, unknown> };
}

describe('demo target (in process)', () => {
  let target: DemoTarget | undefined;
  afterEach(async () => { await target?.close(); target = undefined; });

  it('answers /predict with a prediction, token usage and the instance header; /health and /stats too', async () => {
    target = await startDemoTarget({ instance: 'pod-a', cpuCostMs: 2 });
    const predict = await call(`${target.url}/predict`, { method: 'POST', body: '{"x": 1}', headers: { 'content-type': 'application/json' } });
    expect(predict.status).toBe(200);
    expect(predict.headers['x-scaletrace-instance']).toBe('pod-a');
    expect(predict.json).toMatchObject({ instance: 'pod-a', usage: { completion_tokens: expect.any(Number) } });
    expect((predict.json.timing as { compute_ms: number }).compute_ms).toBeGreaterThanOrEqual(2);

    expect(await call(`${target.url}/health`)).toMatchObject({ status: 200, json: { status: 'ok' } });
    expect((await call(`${target.url}/nope`)).status).toBe(404);
    const stats = await call(`${target.url}/stats`);
    expect(stats.json).toMatchObject({
      instance: 'pod-a', completed: 1, rejected: 0,
      responses: { '/predict 200': 1, '/health 200': 1, '/* 404': 1 },
      settings: { cpuCostMs: 2, concurrency: 4, queueSize: 64 },
    });
  });

  it('answers 503 once the concurrency limit and the queue are full, and serves the rest', async () => {
    // 300 ms per job: all ten requests arrive long before the first slot frees up.
    target = await startDemoTarget({ cpuCostMs: 300, concurrency: 1, queueSize: 2 });
    const url = `${target.url}/predict`;
    const statuses = (await Promise.all(Array.from({ length: 10 }, () => call(url, { method: 'POST', body: '{}' })))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 503)).toHaveLength(7);
    expect(target.stats()).toMatchObject({ completed: 3, rejected: 7 });
  });

  it('throughput is bounded by CPU cost × concurrency (real work, not sleeps)', async () => {
    target = await startDemoTarget({ cpuCostMs: 5, concurrency: 4, queueSize: 100 });
    const url = `${target.url}/predict`;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 60 }, () => call(url, { method: 'POST', body: '{"x":2}' })));
    const wallMs = performance.now() - t0;
    const { completed, busyMs } = target.stats();
    expect(completed).toBe(60);
    // 60 × 5 ms of CPU on one thread cannot finish faster than 300 ms, whatever the concurrency.
    expect(busyMs).toBeGreaterThanOrEqual(300);
    expect(wallMs).toBeGreaterThanOrEqual(300);
  });

  it('injects errors and latency, and setOptions changes them while running', async () => {
    target = await startDemoTarget({ cpuCostMs: 1, errorRate: 1 });
    const failed = await call(`${target.url}/predict`, { method: 'POST', body: '{}' });
    expect(failed).toMatchObject({ status: 500, json: { error: 'injected failure' } });
    target.setOptions({ errorRate: 0, extraLatencyMs: 60 });
    const t0 = performance.now();
    expect((await call(`${target.url}/predict`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect(target.stats().injectedErrors).toBe(1);
    expect(() => target?.setOptions({ errorRate: 2 })).toThrow(/errorRate must be between 0 and 1/);
  });

  it('remembers the traceparent of each request it received', async () => {
    target = await startDemoTarget({ cpuCostMs: 0 });
    const tp = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await call(`${target.url}/health`, { headers: { traceparent: tp } });
    expect(target.receivedTraceparents()).toEqual([tp]);
  });
});

describe('scaletrace demo-target (subprocess) → OTLP fixture', () => {
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => { await receiver?.close(); receiver = undefined; });

  // Subprocess, not in-process: the SDK's OTLP exporters load their transport with a dynamic
  // import() that jest's VM cannot run, and the real binary is what users start.
  it.each(['http/protobuf', 'http/json'])('exports SERVER spans that continue the caller\'s traceparent (%s)', async (protocol) => {
    receiver = await startOtlpReceiver();
    const child = spawnCli(['demo-target', '--port', '0', '--instance', 'pod-z', '--cpu-cost', '1ms', '--error-rate', '0%'],
      cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_SERVICE_NAME: 'my-model' }));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('demo-target did not start')), 15_000);
        child.stdout?.on('data', (d: Buffer) => {
          const m = /listening on (http:\/\/\S+)/.exec(d.toString());
          if (m) { clearTimeout(timer); resolve(m[1] as string); }
        });
      });
      const parents = Array.from({ length: 5 }, (_, i) => ({
        traceId: `4bf92f3577b34da6a3ce929d0e0e47${(10 + i).toString(16).padStart(2, '0')}`,
        spanId: `00f067aa0ba902b${i}`,
      }));
      for (const p of parents) {
        const res = await call(`${url}/predict`, { method: 'POST', body: '{}', headers: { traceparent: `00-${p.traceId}-${p.spanId}-01` } });
        expect(res.status).toBe(200);
      }
      child.kill('SIGTERM');
      const result = await child.result;
      expect(result.code).toBe(0);
      const server = receiver.spans().filter((s) => s.kind === 2);
      expect(server).toHaveLength(5);
      for (const p of parents) {
        const span = server.find((s) => s.traceId === p.traceId);
        expect(span).toMatchObject({
          parentSpanId: p.spanId, name: 'POST /predict',
          attributes: { 'http.response.status_code': 200, 'http.route': '/predict' },
          resource: { 'service.name': 'my-model', 'service.instance.id': 'pod-z' },
        });
      }
    } finally {
      child.kill('SIGKILL');
    }
  }, 40_000);

  it('rejects a bad flag with exit 2 and a readable message', async () => {
    const child = spawnCli(['demo-target', '--cpu-cost', '10 parsecs']);
    const result = await child.result;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--cpu-cost.*invalid duration/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('spawnDemoTarget (the target of `scaletrace demo`, in its own process)', () => {
  const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };
  const waitDead = async (pid: number, ms: number): Promise<boolean> => {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (!alive(pid)) return true;
    return !alive(pid);
  };

  it('serves once resolved and is gone after close()', async () => {
    const target = await spawnDemoTarget(['--cpu-cost', '1ms', '--instance', 'child-0'], cleanEnv());
    try {
      const res = await call(`${target.url}/predict`, { method: 'POST', body: '{}' });
      expect(res).toMatchObject({ status: 200, json: { instance: 'child-0' } });
    } finally {
      await target.close();
    }
    expect(await waitDead(target.pid, 2000)).toBe(true);
  });

  it('setOptions over IPC: the header rotates over the ready pods, the CPU limit scales with them, /stats reports usage per pod', async () => {
    const target = await spawnDemoTarget(['--cpu-cost', '2ms', '--cpu-limit', '100m', '--concurrency', '32', '--queue', '500'], cleanEnv());
    try {
      const burst = async (): Promise<{ pods: string[]; ms: number }> => {
        const t0 = performance.now();
        const res = await Promise.all(Array.from({ length: 100 }, () => request(`${target.url}/predict`, { method: 'POST', body: '{}' })));
        for (const r of res) await r.body.dump();
        return { pods: res.map((r) => String(r.headers['x-scaletrace-instance'])), ms: performance.now() - t0 };
      };
      // One pod at 100 m: 10 ms of CPU per 100 ms → 100 × 2 ms of work needs ~2 s.
      const one = await burst();
      target.setOptions({ pods: ['web-a', 'web-b', 'web-c', 'web-d'] });
      await new Promise((r) => setTimeout(r, 100)); // the IPC message is asynchronous
      const four = await burst();
      expect(new Set(four.pods)).toEqual(new Set(['web-a', 'web-b', 'web-c', 'web-d']));
      expect(four.pods.slice(0, 4).sort()).toEqual(['web-a', 'web-b', 'web-c', 'web-d']);
      expect(one.ms).toBeGreaterThan(1500);
      expect(four.ms).toBeLessThan(one.ms / 2);
      const stats = await target.stats();
      expect(stats.settings).toMatchObject({ cpuLimitMillis: 100, pods: ['web-a', 'web-b', 'web-c', 'web-d'] });
      expect(typeof stats.cpuMillisPerPod).toBe('number');
      // Per-pod counts: 100 requests round-robin over four pods.
      expect(stats.servedByPod).toMatchObject({ 'web-a': 25, 'web-b': 25, 'web-c': 25, 'web-d': 25 });
    } finally {
      await target.close();
    }
  }, 30_000);

  it('exits by itself when the process that spawned it is killed (no orphans)', async () => {
    const script = `require(${JSON.stringify(path.join(REPO_ROOT, 'generator/dist/demo-target'))})` +
      '.spawnDemoTarget([]).then((t) => console.log("pid " + t.pid))';
    const parent = spawn(process.execPath, ['-e', script], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
    let pid = 0;
    try {
      pid = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no pid')), 15_000);
        parent.stdout.on('data', (d: Buffer) => {
          const m = /pid (\d+)/.exec(d.toString());
          if (m) { clearTimeout(timer); resolve(Number(m[1])); }
        });
      });
      expect(alive(pid)).toBe(true);
      parent.kill('SIGKILL');
      expect(await waitDead(pid, 5000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
      // Should the assertion fail, do not leave the orphan holding jest's stderr open.
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 30_000);
});
