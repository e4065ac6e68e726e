import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cleanEnv, runCli, type CliResult } from './helpers/cli';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * What the user's machine gets wrong (no kubeconfig, a mistyped folder, a busy port, a file where a
 * folder should be) is exit 2 with one line that names the culprit and the way out, no stack trace
 * and no raw ENOENT / EADDRINUSE / ENOTDIR.
 */
describe('scaletrace: missing kubeconfig, folder, busy port, --out under a file', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-env-errors-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The environment of a machine with no cluster configured: an empty home, no KUBECONFIG, not in a pod. */
  const noCluster = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const home = path.join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const env = cleanEnv({ HOME: home, ...extra });
    for (const k of ['KUBECONFIG', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT']) if (!(k in extra)) delete env[k];
    return env;
  };
  const expectOneLine = (res: CliResult, line: string): void => {
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 2, stderr: `scaletrace: ${line}\n` });
  };
  // In a pod the service account is found, rightly: these cases are about a machine without one.
  const outsideAPod = existsSync(SERVICE_ACCOUNT_TOKEN) ? it.skip : it;

  outsideAPod('watch without any kubeconfig or in-cluster config says so and where it looked (not client-node\'s "HTTP protocol is not allowed")', async () => {
    const res = await runCli(['watch', '--duration', '1s'], { env: noCluster(), timeoutMs: 20_000 });
    expectOneLine(res, `no kubeconfig or in-cluster config found (looked at: KUBECONFIG=unset, ${path.join(dir, 'home', '.kube', 'config')}, ${SERVICE_ACCOUNT_TOKEN})`);
  });

  outsideAPod('KUBECONFIG naming only missing files: as kubectl, ~/.kube/config is not read; the message lists the files', async () => {
    const files = [path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')].join(path.delimiter);
    const res = await runCli(['watch', '--duration', '1s'], { env: noCluster({ KUBECONFIG: files }), timeoutMs: 20_000 });
    expectOneLine(res, `no kubeconfig or in-cluster config found (looked at: KUBECONFIG=${files}, ${SERVICE_ACCOUNT_TOKEN})`);
  });

  it('replay on a folder that does not exist, or on a file', async () => {
    const missing = path.join(dir, 'no-such-run', 'spill');
    expectOneLine(await runCli(['replay', missing], { env: cleanEnv(), timeoutMs: 20_000 }),
      `spill folder ${missing} does not exist (a run writes it as <results>/spill, e.g. scaletrace-results/<run-id>/spill)`);
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, '');
    expectOneLine(await runCli(['replay', file], { env: cleanEnv(), timeoutMs: 20_000 }),
      `spill folder ${file} is a file, not a folder (give the run's <results>/spill folder)`);
  });

  it('demo-target on a busy port names the port and how to pick another', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as AddressInfo).port;
      const res = await runCli(['demo-target', '--port', String(port)], { env: cleanEnv(), timeoutMs: 20_000 });
      expectOneLine(res, `port ${port} on 127.0.0.1 is already in use: pick another with --port <n>, or --port 0 for any free port`);
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it('--out under a file (run, watch) names the path component that is a file', async () => {
    const file = path.join(dir, 'results-file');
    writeFileSync(file, '');
    const out = path.join(file, 'run-1');
    const scenario = path.join(dir, 'scenario.yaml');
    writeFileSync(scenario, ['name: out', 'target: http://127.0.0.1:9', 'requests: [{ name: a, path: / }]', 'load: { model: closed, vus: 1, iterations: 1 }'].join('\n'));
    const expected = `results folder ${out}: ${file} is a file, not a folder (choose another --out)`;
    expectOneLine(await runCli(['run', scenario, '--out', out, '--quiet'], { env: cleanEnv(), timeoutMs: 20_000 }), expected);
    // watch checks --out before it connects: no watch that fails only at its end.
    expectOneLine(await runCli(['watch', '--duration', '1s', '--out', out], { env: noCluster(), timeoutMs: 20_000 }), expected);
  });
});
