import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../generator/src/bench/free-port';
import type { Summary } from '../generator/src/results';
import { cleanEnv, REPO_ROOT, type CliResult } from './helpers/cli';
import { waitFor } from './helpers/wait-for';

const BIN = path.join(REPO_ROOT, 'generator', 'bin', 'scaletrace.js');

interface Running { child: ChildProcess; out: () => string; err: () => string; result: Promise<CliResult> }

/** A process with its output collected; `cwd` is a scratch folder, as a user's would be. */
function start(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Running {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const result = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, out: () => stdout, err: () => stderr, result };
}

/** Waits for exit, killing the process if it outlives `ms` (the test then fails on its exit code). */
async function finish(p: Running, ms: number): Promise<CliResult> {
  const timer = setTimeout(() => p.child.kill('SIGKILL'), ms);
  try {
    return await p.result;
  } finally {
    clearTimeout(timer);
  }
}

/** Words of a printed command line as a POSIX shell splits them (plain words and '…' quoting). */
function words(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2] as string));
}

const portOpen = (url: string): Promise<boolean> => new Promise((resolve) => {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

/**
 * `scaletrace playground`: the demo's simulated cluster (the demo target behind the Kubernetes API
 * simulator, not a cluster) kept running, driven here by the real kubectl — a client we did not
 * write — and by the very commands the playground prints.
 */
describe('scaletrace playground (Kubernetes API simulator + demo target) with the real kubectl', () => {
  let dir: string;
  let cacheDir: string;
  let playground: Running;
  let env: NodeJS.ProcessEnv;
  /** The commands printed under "Try", in order. */
  let commands: string[];
  let kubeconfig: string;
  let targetUrl: string;
  let apiUrl: string;

  const kubectl = (args: string[], ms = 20_000): Promise<CliResult> =>
    finish(start('kubectl', [...args, '--cache-dir', cacheDir], dir, env), ms);
  const printed = (prefix: string): string => {
    const line = commands.find((c) => c.startsWith(prefix));
    if (!line) throw new Error(`the playground printed no "${prefix}…" command:\n${playground.out()}`);
    return line;
  };
  /** A printed `scaletrace …` line run with the built CLI. */
  const cli = (line: string): Running => start(process.execPath, [BIN, ...words(line).slice(1)], dir, env);

  beforeAll(async () => {
    const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 20_000 });
    if (probe.error) {
      throw new Error(`kubectl is needed for this test and could not be run (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message}): ` +
        'run scripts/install-test-tools.sh (it installs Debian\'s kubernetes-client package)');
    }
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-playground-test-'));
    cacheDir = path.join(dir, 'kubectl-cache');
    playground = start(process.execPath, [BIN, 'playground'], dir, cleanEnv());
    await waitFor('the playground prints its commands', 60_000, () => /kubectl delete pod \S+\n/.test(playground.out()) || playground.child.exitCode !== null,
      () => playground.out() + playground.err());
    const out = playground.out();
    kubeconfig = /export KUBECONFIG=(\S+)/.exec(out)?.[1] ?? '';
    targetUrl = /demo target +(http:\/\/\S+)/.exec(out)?.[1] ?? '';
    apiUrl = /API server +(http:\/\/\S+)/.exec(out)?.[1] ?? '';
    commands = out.split('\n').filter((l) => /^ {2}(kubectl|scaletrace|export) /.test(l)).map((l) => l.trim());
    env = cleanEnv({ KUBECONFIG: kubeconfig });
  }, 90_000);

  afterAll(async () => {
    if (playground && playground.child.exitCode === null && playground.child.signalCode === null) {
      playground.child.kill('SIGKILL');
      await playground.result;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints the kubeconfig (outside ~/.kube) and the commands to try', () => {
    expect(playground.child.exitCode).toBeNull();
    expect(kubeconfig).toMatch(/scaletrace-playground-[^/]+\/kubeconfig-scaletrace-sim\.yaml$/);
    expect(readFileSync(kubeconfig, 'utf8')).toContain(`server: ${apiUrl}`);
    expect(commands.map((c) => words(c).slice(0, 2).join(' '))).toEqual([
      `export KUBECONFIG=${kubeconfig}`, 'kubectl get', 'scaletrace watch', 'scaletrace run', 'scaletrace matrix', 'kubectl scale', 'kubectl delete',
    ]);
  });

  it('kubectl: discovery (get --raw /apis), short names and the server\'s table columns', async () => {
    const raw = await kubectl(['get', '--raw', '/apis']);
    expect(raw.code).toBe(0);
    const groups = JSON.parse(raw.stdout) as { kind: string; groups: Array<{ name: string; preferredVersion: { groupVersion: string } }> };
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((g) => [g.name, g.preferredVersion.groupVersion])).toEqual([['apps', 'apps/v1'], ['autoscaling', 'autoscaling/v2'], ['metrics.k8s.io', 'metrics.k8s.io/v1beta1']]);
    const hpa = await kubectl(['get', 'hpa']);
    expect(hpa.stderr).toBe('');
    expect(hpa.stdout.split('\n')[0]?.split(/\s+/)).toEqual(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
    expect(hpa.stdout.split('\n')[1]).toMatch(/^demo-target +Deployment\/demo-target +cpu: (\d+%|<unknown>)\/50% +1 +5 +1 +\S+$/);
    const all = await kubectl(['get', 'all']);
    expect(all.code).toBe(0);
    for (const kind of ['pod/demo-target-', 'deployment.apps/demo-target', 'replicaset.apps/demo-target-', 'horizontalpodautoscaler.autoscaling/demo-target']) {
      expect(all.stdout).toContain(kind);
    }
  });

  it('kubectl get hpa -w sees what kubectl scale does; kubectl delete pod: the ReplicaSet replaces it and the HPA keeps working', async () => {
    const watch = start('kubectl', [...words(printed('kubectl get hpa')).slice(1), '--cache-dir', cacheDir], dir, env);
    try {
      await waitFor('kubectl get hpa -w lists the HPA', 20_000, () => /^demo-target /m.test(watch.out()), () => watch.out() + watch.err());
      const scale = await kubectl(words(printed('kubectl scale')).slice(1));
      expect(scale.stdout.trim()).toBe('deployment.apps/demo-target scaled');
      // The HPA's next sync (2 s) writes status.currentReplicas = 3: a new row on the watch.
      await waitFor('the watch shows REPLICAS 3', 20_000,
        () => watch.out().split('\n').some((row) => row.split(/\s{2,}/)[0] === 'demo-target' && row.split(/\s{2,}/)[5] === '3'),
        () => watch.out() + watch.err());
    } finally {
      watch.child.kill('SIGTERM');
      await finish(watch, 10_000);
    }

    const pods = async (): Promise<Array<{ name: string; ready: boolean; deleting: boolean }>> => {
      const res = await kubectl(['get', 'pods', '-o', 'json']);
      const list = JSON.parse(res.stdout) as { items: Array<{ metadata: { name: string; deletionTimestamp?: string }; status: { conditions?: Array<{ type: string; status: string }> } }> };
      return list.items.map((p) => ({ name: p.metadata.name, ready: !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'), deleting: !!p.metadata.deletionTimestamp }));
    };
    const deleteLine = printed('kubectl delete pod');
    const victim = words(deleteLine)[3] as string;
    // The HPA scales the 3 back to 1 newest-first: the pod the playground named is the one left.
    await waitFor('one Ready pod again', 30_000, async () => { const p = await pods(); return p.length === 1 && p[0]?.ready; });
    expect((await pods()).map((p) => p.name)).toEqual([victim]);
    const del = await kubectl(words(deleteLine).slice(1));
    expect(del.code).toBe(0);
    expect(del.stdout.trim()).toBe(`pod "${victim}" deleted`);
    const replacement = await waitFor('a replacement pod Ready', 30_000, async () => (await pods()).find((p) => p.ready && !p.deleting && p.name !== victim));
    expect(replacement.name).toMatch(/^demo-target-[0-9a-f]{10}-[a-z0-9]{5}$/);
    expect((await pods()).map((p) => p.name)).not.toContain(victim);
    // The HPA computes from the new pod's metrics at its next sync.
    await waitFor('the HPA active on the replacement', 20_000, async () => {
      const res = await kubectl(['get', 'hpa', 'demo-target', '-o', 'json']);
      const hpa = JSON.parse(res.stdout) as { status: { currentMetrics?: unknown[]; conditions?: Array<{ type: string; status: string }> } };
      return hpa.status.conditions?.some((c) => c.type === 'ScalingActive' && c.status === 'True') && (hpa.status.currentMetrics?.length ?? 0) > 0;
    });
  }, 120_000);

  it('the printed watch command runs against it and ends on Ctrl-C', async () => {
    const watch = cli(printed('scaletrace watch'));
    await waitFor('scaletrace watch is watching', 30_000, () => /watching demo until Ctrl-C/.test(watch.out()) || watch.child.exitCode !== null, () => watch.out() + watch.err());
    expect(watch.out()).toMatch(/hpa\/demo-target replicas current=\d+ desired=\d+ \(min 1, max 5\)/);
    watch.child.kill('SIGINT');
    const res = await finish(watch, 15_000);
    expect(res.code).toBe(130);
  }, 60_000);

  it('the printed fault run deletes a pod under load and reports its impact', async () => {
    const run = cli(`${printed('scaletrace run')} --out ${path.join(dir, 'faults')}`);
    const res = await finish(run, 90_000);
    expect(res.stderr).toContain('scaletrace: faults: fault kill-oldest-pod: deleted pod demo-target-');
    expect(res.code).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(dir, 'faults', 'summary.json'), 'utf8')) as Summary;
    expect(summary.faults).toHaveLength(1);
    expect(summary.faults?.[0]).toMatchObject({ name: 'kill-oldest-pod', action: 'deletePods', target: 'app=demo-target' });
    expect(summary.faults?.[0]?.error).toBeUndefined();
    // 150 req/s is 1.5 pods' worth: the HPA scaled out, which the kubernetes: section saw.
    expect(summary.scaling?.hpas[0]?.episodes.some((e) => e.direction === 'up')).toBe(true);
  }, 120_000);

  it('the printed matrix runs its four cells and restores the HPA', async () => {
    const matrix = cli(`${printed('scaletrace matrix')} --out ${path.join(dir, 'matrix')}`);
    const res = await finish(matrix, 120_000);
    expect(res.code).toBe(0);
    const rows = readFileSync(path.join(dir, 'matrix', 'matrix.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(' × '));
    expect(rows).toEqual(['1 × 50', '1 × 150', '2 × 50', '2 × 150']);
    const hpa = JSON.parse((await kubectl(['get', 'hpa', 'demo-target', '-o', 'json'])).stdout) as { spec: { minReplicas: number; maxReplicas: number } };
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([1, 5]);
  }, 150_000);

  it('Ctrl-C stops it: exit 130, the kubeconfig, the API port and the demo target are gone', async () => {
    playground.child.kill('SIGINT');
    const res = await finish(playground, 15_000);
    expect(res.code).toBe(130);
    expect(res.stdout).toContain('stopping the playground');
    expect(existsSync(kubeconfig)).toBe(false);
    expect(await portOpen(apiUrl)).toBe(false);
    expect(await portOpen(targetUrl)).toBe(false);
  }, 30_000);
});

describe('scaletrace playground flags', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-playground-flags-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--port and --kubeconfig: the API on that port, the file written there and removed on SIGTERM; never over a foreign file', async () => {
    const foreign = path.join(dir, 'config');
    writeFileSync(foreign, 'apiVersion: v1\nkind: Config\n');
    const refused = await finish(start(process.execPath, [BIN, 'playground', '--kubeconfig', foreign], dir, cleanEnv()), 20_000);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`scaletrace: --kubeconfig ${foreign}: the file exists and is not a playground kubeconfig; choose another path (the playground never replaces a kubeconfig)\n`);
    expect(readFileSync(foreign, 'utf8')).toBe('apiVersion: v1\nkind: Config\n');
    const badPort = await finish(start(process.execPath, [BIN, 'playground', '--port', '70000'], dir, cleanEnv()), 20_000);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toBe('scaletrace: --port: must be a whole number from 1 to 65535 (got "70000")\n');

    const port = await freePort();
    const file = path.join(dir, 'sub', 'playground.yaml');
    const p = start(process.execPath, [BIN, 'playground', '--port', String(port), '--kubeconfig', file], dir, cleanEnv());
    try {
      await waitFor('the playground is up', 60_000, () => /export KUBECONFIG=/.test(p.out()) || p.child.exitCode !== null, () => p.out() + p.err());
      expect(p.out()).toContain(`export KUBECONFIG=${file}\n`);
      expect(readFileSync(file, 'utf8')).toContain(`server: http://127.0.0.1:${port}\n`);
    } finally {
      p.child.kill('SIGTERM');
    }
    const res = await finish(p, 15_000);
    expect(res.code).toBe(130);
    expect(existsSync(file)).toBe(false);
  }, 90_000);
});
