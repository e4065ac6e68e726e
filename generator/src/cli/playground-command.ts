import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { DEMO_COMMAND_TIMING, startDemoCluster, type DemoCluster } from '../demo-cluster';
import { DEMO_MAX_REPLICAS } from './demo-command';
import { EXIT, UsageError } from './exit-codes';

/** The shipped example files the printed commands use (generator/scenarios/, next to dist/). */
const SCENARIOS = path.join(__dirname, '..', '..', 'scenarios');
/** The first line of every kubeconfig the simulator writes: the only kind of file --kubeconfig may replace. */
const SIM_KUBECONFIG_MARK = '# Kubernetes API SIMULATOR (scaletrace kube-sim)';

interface PlaygroundFlags { port?: string; kubeconfig?: string }

/**
 * `scaletrace playground`: the demo's simulated cluster kept running for everything that needs one
 * (kubectl, watch, matrix, faults: and kubernetes: runs), with a kubeconfig and the commands to try.
 */
export function registerPlaygroundCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('playground')
    .description('run the Kubernetes API simulator (not a cluster) with the demo target until Ctrl-C; writes a kubeconfig and prints commands to try (kubectl, watch, matrix, faults)')
    .option('--port <port>', 'port of the API simulator on 127.0.0.1 (default: a free one)')
    .option('--kubeconfig <file>', 'write the kubeconfig here (default: a new temporary folder; never replaces a kubeconfig the playground did not write)')
    .action(async (o: PlaygroundFlags) => {
      const port = portFlag(o.port);
      const kubeconfigFile = o.kubeconfig === undefined ? undefined : kubeconfigFlag(o.kubeconfig);
      let stop: (signal: NodeJS.Signals) => void = () => undefined;
      const stopped = new Promise<NodeJS.Signals>((resolve) => { stop = resolve; });
      const onSignal = (signal: NodeJS.Signals): void => stop(signal);
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'scaletrace-playground-'));
      let cluster: DemoCluster | undefined;
      try {
        try {
          cluster = await startDemoCluster({ dir, timing: DEMO_COMMAND_TIMING, maxReplicas: DEMO_MAX_REPLICAS, api: { port, anonymousAuth: true } });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`--port ${port}: address 127.0.0.1:${port} is already in use`);
          throw error;
        }
        const kubeconfig = kubeconfigFile === undefined ? cluster.kubeconfig
          : cluster.sim.writeKubeconfig(path.dirname(kubeconfigFile), { file: kubeconfigFile });
        process.stdout.write(instructions(cluster, kubeconfig, kubeconfigFile === undefined));
        const signal = await stopped;
        process.stdout.write(`\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the playground…\n`);
        setExit(EXIT.interrupted);
      } finally {
        await cluster?.close();
        rmSync(dir, { recursive: true, force: true });
        // The file points at a server that is gone now; a user-chosen path is ours only if we wrote it.
        if (kubeconfigFile !== undefined && isSimKubeconfig(kubeconfigFile)) rmSync(kubeconfigFile, { force: true });
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

function portFlag(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`--port: must be a whole number from 1 to 65535 (got "${value}")`);
  return port;
}

function kubeconfigFlag(value: string): string {
  const file = path.resolve(value);
  const home = path.join(os.homedir(), '.kube', 'config');
  if (file === home || (process.env.KUBECONFIG ?? '').split(path.delimiter).map((f) => f && path.resolve(f)).includes(file)) {
    throw new UsageError(`--kubeconfig ${value}: that is your kubeconfig (${file}); the playground writes its own file, choose another path`);
  }
  if (existsSync(file) && !isSimKubeconfig(file)) {
    throw new UsageError(`--kubeconfig ${value}: the file exists and is not a playground kubeconfig; choose another path (the playground never replaces a kubeconfig)`);
  }
  return file;
}

function isSimKubeconfig(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').startsWith(SIM_KUBECONFIG_MARK);
  } catch {
    return false;
  }
}

function instructions(c: DemoCluster, kubeconfig: string, temporary: boolean): string {
  const cli = process.env.npm_command === 'exec' ? 'npx scaletrace' : 'scaletrace';
  const t = c.timing;
  const [pod] = c.sim.readyPodNames(c.deployment);
  const rows: Array<[string, string]> = [
    [`kubectl get hpa -w`, 'the HPA as on a cluster (kubectl talks to the simulator)'],
    [`${cli} watch --hpa ${c.hpa}`, 'scaling episodes and lags as they happen (Ctrl-C ends it)'],
    [`${cli} run ${shellPath(path.join(SCENARIOS, 'playground-faults.yaml'))} --target ${c.targetUrl}`, '30 s of load, a pod deleted at 15 s: the fault\'s impact'],
    [`${cli} matrix ${shellPath(path.join(SCENARIOS, 'playground-matrix.yaml'))} --target ${c.targetUrl}`, '1–2 pods × 50/150 req/s → matrix.csv (~40 s)'],
    [`kubectl scale deployment/${c.deployment} --replicas=3`, 'the HPA takes it back at its next sync'],
    [`kubectl delete pod ${pod ?? `-l app=${c.deployment}`}`, 'its ReplicaSet replaces it'],
  ];
  return [
    'ScaleTrace playground: a Kubernetes API SIMULATOR (not a cluster) with the demo target; Ctrl-C stops it',
    `  API server   ${c.sim.url}  namespace ${c.namespace}: deployment/${c.deployment}, hpa/${c.hpa} ${c.minReplicas}..${c.maxReplicas} pods at ` +
      `${c.targetCpuUtilization} % CPU, ${t.syncPeriodMs / 1000} s HPA sync, ${t.podStartDelayMs / 1000} s pod start`,
    `  demo target  ${c.targetUrl}  the Deployment's pods (~100 /predict/s each, 200m CPU limit)`,
    `  kubeconfig   ${kubeconfig}  (${temporary ? 'a temporary file, deleted on exit' : 'deleted on exit'}; ~/.kube/config is not touched)`,
    '',
    'Try, in another terminal:',
    `  export KUBECONFIG=${shellPath(kubeconfig, true)}`,
    ...rows.flatMap(([cmd, why]) => ['', `  # ${why}`, `  ${cmd}`]),
    '',
  ].join('\n');
}

/** A path as it pastes into a POSIX shell: quoted when needed, relative when under the current folder unless `absolute`. */
function shellPath(file: string, absolute = false): string {
  const rel = path.relative(process.cwd(), file);
  const shown = !absolute && rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  return /^[\w@%+=:,./-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
}
