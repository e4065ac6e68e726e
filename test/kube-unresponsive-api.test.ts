import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { connect } from '../generator/src/kube/client';
import type { Summary } from '../generator/src/results';
import { cleanEnv, spawnCli, type CliResult } from './helpers/cli';
import { startMisbehavingKubeApi, type Behaviour, type MisbehavingKubeApi } from './helpers/misbehaving-kube-api';
import { waitFor } from './helpers/wait-for';

/**
 * Every request to the Kubernetes API — list or watch — is abortable from the moment it is sent
 * and bounded, so the watcher neither hangs nor leaks sockets, whatever the API server does.
 * client-node 1.4's Watch hands out its AbortController only after the response headers: against a
 * server that never sends them, `scaletrace watch --duration 5s` never exited.
 */
describe('Kubernetes API that never answers, or stalls', () => {
  let dir: string;
  let api: MisbehavingKubeApi | undefined;
  const measured: string[] = [];
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-unresponsive-')); });
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    if (measured.length > 0) process.stdout.write(`${measured.join('\n')}\n`);
  });

  const start = async (list: Behaviour, watch: Behaviour): Promise<MisbehavingKubeApi> => {
    api = await startMisbehavingKubeApi({ list, watch });
    return api;
  };

  describe('the client: requests bounded and abortable', () => {
    const withClient = async (server: MisbehavingKubeApi, requestTimeoutMs: number) => connect({ kubeconfig: server.writeKubeconfig(dir), requestTimeoutMs });
    const listPods = async (client: Awaited<ReturnType<typeof connect>>) => client.config.makeApiClient(client.k8s.CoreV1Api).listNamespacedPod({ namespace: 'ml' });
    const timed = async (p: Promise<unknown>): Promise<{ error: Error; ms: number }> => {
      const t0 = Date.now();
      const error = await p.then(() => new Error('resolved'), (e: unknown) => e as Error);
      return { error, ms: Date.now() - t0 };
    };

    it('a list with no response headers, or a body that stops halfway, fails after the request timeout and its socket is closed', async () => {
      for (const behaviour of ['no-headers', 'stall-after-headers'] as const) {
        const server = await start(behaviour, 'answer');
        const { error, ms } = await timed(listPods(await withClient(server, 500)));
        expect(error.message).toBe('GET /api/v1/namespaces/ml/pods: no answer in 0.5 s');
        expect(ms).toBeGreaterThanOrEqual(450);
        expect(ms).toBeLessThan(2500);
        await waitFor(`the ${behaviour} list's connection is closed`, 2000, () => server.openConnections() === 0);
        await server.close();
        api = undefined;
      }
    });

    it('a watch whose headers never come: aborted at once by its signal, else fails after the request timeout', async () => {
      const server = await start('answer', 'no-headers');
      const client = await withClient(server, 600);
      const watch = (signal: AbortSignal) => client.watch.watch({ path: '/api/v1/namespaces/ml/pods', query: {}, signal, onOpen: () => undefined, onEvent: () => undefined });

      const own = new AbortController();
      const aborted = timed(watch(own.signal));
      await waitFor('the watch request reached the server', 2000, () => server.requests('watch') === 1);
      own.abort();
      const byCaller = await aborted;
      expect(byCaller.error.name).toBe('AbortError');
      await waitFor('the aborted watch\'s connection is closed', 1000, () => server.openConnections() === 0);

      const timedOut = await timed(watch(new AbortController().signal));
      expect(timedOut.error.message).toBe('GET /api/v1/namespaces/ml/pods (watch): no response headers in 0.6 s');
      expect(timedOut.ms).toBeGreaterThanOrEqual(550);
      expect(timedOut.ms).toBeLessThan(2500);
      await waitFor('the timed-out watch\'s connection is closed', 1000, () => server.openConnections() === 0);
    });

    it('close() ends every request in flight at once, a list and a watch alike, and closes their sockets', async () => {
      const server = await start('no-headers', 'no-headers');
      const client = await withClient(server, 5000);
      const list = timed(listPods(client));
      const watch = timed(client.watch.watch({ path: '/api/v1/namespaces/ml/pods', query: {}, signal: new AbortController().signal, onOpen: () => undefined, onEvent: () => undefined }));
      await waitFor('a list and a watch are in flight', 2000, () => server.requests('list') === 1 && server.requests('watch') === 1);
      client.close();
      const ended = await Promise.all([list, watch]);
      expect(ended.map((e) => e.error.name)).toEqual(['AbortError', 'AbortError']);
      for (const e of ended) expect(e.ms).toBeLessThan(4000); // not the 5 s bound
      await waitFor('close() closed both connections', 1000, () => server.openConnections() === 0);
    });
  });

  describe('scaletrace watch --duration 5s and a run with kubernetes:', () => {
    const DURATION_S = 5;
    /** What the issue requires: the CLI exits within 3 s of the end of its duration. */
    const EXIT_BOUND_MS = 3000;

    const watchCli = async (server: MisbehavingKubeApi, flags: string[], label: string): Promise<CliResult & { afterEndMs: number }> => {
      const spawnedAt = Date.now();
      const child = spawnCli(['watch', '--kubeconfig', server.writeKubeconfig(dir), '--duration', `${DURATION_S}s`, ...flags], cleanEnv());
      // Far past the bound: a CLI that hangs is killed here and fails below, not by the jest timeout.
      const killer = setTimeout(() => child.kill('SIGKILL'), (DURATION_S + 15) * 1000);
      const res = await child.result;
      const exitedAt = Date.now();
      clearTimeout(killer);
      // The duration counts from the command's start; the "watching" line says when and how much is left.
      const line = /^(\S+) watching ml for ([\d.]+) s$/m.exec(res.stdout);
      const endAt = line ? Date.parse(line[1] as string) + Number(line[2]) * 1000 : spawnedAt + DURATION_S * 1000;
      const afterEndMs = exitedAt - endAt;
      measured.push(`${label}: exit ${(afterEndMs / 1000).toFixed(2)} s after the end of --duration ${DURATION_S}s (${((exitedAt - spawnedAt) / 1000).toFixed(2)} s after spawn); ` +
        `${server.requests('watch')} watch and ${server.requests('list')} list requests, at most ${server.maxOpenConnections()} connections open at once`);
      expect({ code: res.code, signal: res.signal, stderr: res.stderr, watching: line !== null }).toEqual({ code: 0, signal: null, stderr: '', watching: true });
      return { ...res, afterEndMs };
    };

    // Four watches (HPAs, events, the Deployment, its pods), each re-sent every second: before the
    // fix each re-watch left its socket open (22 open after 5 s with no headers), and the process never exited.
    it.each([
      ['never answered (no headers)', 'no-headers', 'watch, no headers'],
      ['that send headers then stall', 'stall-after-headers', 'watch, headers then stall'],
    ] as const)('watches %s: the 1 s watchdog re-watches, every re-watch closes the socket it replaces, exits within 3 s of the end', async (_what, behaviour, label) => {
      const server = await start('answer', behaviour);
      const res = await watchCli(server, ['--request-timeout', '5s', '--watch-idle-timeout', '1s'], label);
      expect(res.afterEndMs).toBeLessThanOrEqual(EXIT_BOUND_MS);
      expect(res.stdout).toMatch(/no event or bookmark for 1000 ms \(half-open connection\?\); re-watching/);
      expect(server.requests('watch')).toBeGreaterThanOrEqual(10);
      expect(server.maxOpenConnections()).toBeLessThanOrEqual(6);
      await waitFor('every connection closed at exit', 2000, () => server.openConnections() === 0);
    }, 30_000);

    it('lists never answered: each list times out and is retried on a fresh socket, exits within 3 s of the end', async () => {
      const server = await start('no-headers', 'answer');
      const res = await watchCli(server, ['--request-timeout', '1s'], 'watch, lists never answered');
      expect(res.afterEndMs).toBeLessThanOrEqual(EXIT_BOUND_MS);
      expect(res.stdout).toMatch(/list horizontalpodautoscalers: GET \/apis\/autoscaling\/v2\/namespaces\/ml\/horizontalpodautoscalers: no answer in 1 s; retrying in the background/);
      expect(server.requests('list')).toBeGreaterThanOrEqual(4); // HPAs and events, each listed again at least once
      expect(server.requests('watch')).toBe(0);
      expect(server.maxOpenConnections()).toBeLessThanOrEqual(4);
      await waitFor('every connection closed at exit', 2000, () => server.openConnections() === 0);
    }, 30_000);

    it('nothing answered, not even discovery: the end of --duration aborts start-up, exit 1 within 3 s of it, saying what was unanswered', async () => {
      api = await startMisbehavingKubeApi({ discovery: 'no-headers', list: 'no-headers', watch: 'no-headers' });
      const server = api;
      const spawnedAt = Date.now();
      const child = spawnCli(['watch', '--kubeconfig', server.writeKubeconfig(dir), '--duration', '3s'], cleanEnv());
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const res = await child.result;
      clearTimeout(killer);
      // The duration starts after the process does, so spawn + 3 s is an early estimate of its end.
      const afterEndMs = Date.now() - (spawnedAt + 3000);
      measured.push(`watch, discovery never answered: exit ${(afterEndMs / 1000).toFixed(2)} s after spawn + 3 s (request timeout 30 s, not waited for)`);
      expect({ code: res.code, stderr: res.stderr }).toEqual({
        code: 1, stderr: `scaletrace: the watch ended (--duration 3 s) before the watcher started: the Kubernetes API at ${server.url} had not answered discovery (GET /apis) yet\n`,
      });
      expect(afterEndMs).toBeLessThanOrEqual(EXIT_BOUND_MS);
      await waitFor('every connection closed at exit', 2000, () => server.openConnections() === 0);
    }, 30_000);

    it('a load run with kubernetes: (the embedded watcher) against watches never answered: exits within 3 s of the run\'s end, no socket leaked', async () => {
      const server = await start('answer', 'no-headers');
      const target = http.createServer((_req, res) => res.end('ok'));
      await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
      try {
        const scenario = path.join(dir, 'run.yaml');
        writeFileSync(scenario, [
          'name: unresponsive-api',
          `target: http://127.0.0.1:${(target.address() as AddressInfo).port}`,
          'requests: [{ name: a, path: /, timeout: 1s }]',
          'load: { model: open, rate: 20, duration: 4s }',
          'kubernetes:',
          `  kubeconfig: ${server.writeKubeconfig(dir)}`,
          '  namespace: ml',
          '  requestTimeout: 1s',
          '  watchIdleTimeout: 30s',
        ].join('\n'));
        const out = path.join(dir, 'run-out');
        const child = spawnCli(['run', scenario, '--out', out, '--quiet'], cleanEnv());
        const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
        const res = await child.result;
        const exitedAt = Date.now();
        clearTimeout(killer);
        expect({ code: res.code, signal: res.signal }).toEqual({ code: 0, signal: null });
        const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
        const afterEndMs = exitedAt - Date.parse(summary.run.endedAt);
        measured.push(`run with kubernetes:, no headers: exit ${(afterEndMs / 1000).toFixed(2)} s after the run's end; ` +
          `${server.requests('watch')} watch requests, at most ${server.maxOpenConnections()} connections open at once`);
        expect(afterEndMs).toBeLessThanOrEqual(EXIT_BOUND_MS);
        expect(summary.totals.requests).toBeGreaterThan(0);
        expect(summary.scaling?.hpas.map((h) => h.name)).toEqual(['web']);
        // The four watches time out waiting for headers (1 s) and are re-sent with backoff.
        expect(server.requests('watch')).toBeGreaterThanOrEqual(8);
        expect(server.maxOpenConnections()).toBeLessThanOrEqual(6);
        await waitFor('every connection closed at exit', 2000, () => server.openConnections() === 0);
      } finally {
        await new Promise<void>((resolve) => { target.close(() => resolve()); target.closeAllConnections(); });
      }
    }, 60_000);
  });
});
