import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { loadScenario, parseThreshold } from '../scenario';
import { DEMO_TIMING, startDemoCluster } from '../demo-cluster';
import { runScenario } from '../runner';
import { EXIT } from './exit-codes';

/** The shipped demo scenario (generator/scenarios/, next to dist/). */
export const DEMO_SCENARIO = path.join(__dirname, '..', '..', 'scenarios', 'demo-spike.yaml');

export function registerDemoCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('run a 56 s spike against the demo target behind the Kubernetes API simulator (no cluster, no collector needed)')
    .option('-o, --out <dir>', 'results directory')
    .action(async (o: { out?: string }) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'scaletrace-demo-'));
      const cluster = await startDemoCluster({ dir });
      process.stdout.write(`demo target (1 pod, 200m CPU limit) at ${cluster.targetUrl}\n` +
        `Kubernetes API simulator (not a cluster) at ${cluster.sim.url}: deployment/${cluster.deployment}, hpa/${cluster.hpa} 1..8 pods, ` +
        `target 50 % CPU, ${cluster.syncPeriodMs / 1000} s sync, ${DEMO_TIMING.podStartDelayMs / 1000} s pod start (compressed time)\n`);
      try {
        const scenario = loadScenario(DEMO_SCENARIO, {
          target: cluster.targetUrl,
          overrides: [
            `kubernetes.kubeconfig=${cluster.kubeconfig}`, `kubernetes.namespace=${cluster.namespace}`,
            `kubernetes.hpas=[${cluster.hpa}]`, 'kubernetes.metricsPoll=2s',
          ],
        });
        // Only the demo has a cluster to watch, so the shipped scenario (also run without one) lacks this.
        scenario.thresholds.push(parseThreshold('scaling_lag < 30s'));
        const outcome = await runScenario({ scenario, outDir: o.out });
        // The demo shows thresholds but only fails on interruption or a runtime error.
        setExit(outcome.summary.run.interrupted ? EXIT.interrupted : EXIT.passed);
      } finally {
        await cluster.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
}
