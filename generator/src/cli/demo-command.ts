import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { loadScenario, parseThreshold } from '../scenario';
import { DEMO_COMMAND_TIMING, startDemoCluster, type DemoCluster } from '../demo-cluster';
import { grafanaLinkOptions } from '../report';
import { runScenario } from '../runner';
import { EXIT } from './exit-codes';
import { addGrafanaOptions, type GrafanaFlags } from './options';

/** Issue 7's demo HPA: 1..5 pods, so a 3× spike ends at maxReplicas (ScalingLimited) — part of the story. */
export const DEMO_MAX_REPLICAS = 5;

/** The shipped demo scenario (generator/scenarios/, next to dist/). */
export const DEMO_SCENARIO = path.join(__dirname, '..', '..', 'scenarios', 'demo-spike.yaml');

export function registerDemoCommand(program: Command, setExit: (code: number) => void): void {
  addGrafanaOptions(program
    .command('demo')
    .description('run a ~90 s spike against the demo target behind the Kubernetes API simulator (no cluster, no collector needed) and write report.html')
    .option('-o, --out <dir>', 'results directory (default scaletrace-results/<run-id>)'))
    .action(async (o: { out?: string } & GrafanaFlags) => {
      const grafana = grafanaLinkOptions({ grafanaUrl: o.grafanaUrl, tempoUid: o.tempoDatasourceUid });
      // Ctrl-C at any point ends the demo with what it has; the run itself stops through its own handler.
      let interrupted = false;
      const onSignal = (): void => { interrupted = true; };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'scaletrace-demo-'));
      let cluster: DemoCluster | undefined;
      try {
        process.stdout.write(`starting the demo target and the Kubernetes API simulator (the first pod takes ${DEMO_COMMAND_TIMING.podStartDelayMs / 1000} s to become Ready)…\n`);
        cluster = await startDemoCluster({ dir, timing: DEMO_COMMAND_TIMING, maxReplicas: DEMO_MAX_REPLICAS });
        const t = cluster.timing;
        process.stdout.write(`demo target (1 pod, 200m CPU limit) at ${cluster.targetUrl}\n` +
          `Kubernetes API simulator (not a cluster) at ${cluster.sim.url}: deployment/${cluster.deployment}, hpa/${cluster.hpa} ` +
          `${cluster.minReplicas}..${cluster.maxReplicas} pods, target ${cluster.targetCpuUtilization} % CPU, ` +
          `${t.syncPeriodMs / 1000} s sync (compressed from 15 s), ${t.podStartDelayMs / 1000} s pod start\n` +
          `${process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
            ? 'exporting spans, metrics and logs over OTLP (OTEL_EXPORTER_OTLP_* is set)'
            : 'no OTLP endpoint configured: results and report.html only (set OTEL_EXPORTER_OTLP_ENDPOINT to export)'}\n`);
        if (interrupted) {
          setExit(EXIT.interrupted);
          return;
        }
        const scenario = loadScenario(DEMO_SCENARIO, {
          target: cluster.targetUrl,
          overrides: [
            `kubernetes.kubeconfig=${cluster.kubeconfig}`, `kubernetes.namespace=${cluster.namespace}`,
            `kubernetes.hpas=[${cluster.hpa}]`, 'kubernetes.metricsPoll=2s',
          ],
        });
        // Only the demo has a cluster to watch, so the shipped scenario (also run without one) lacks this.
        scenario.thresholds.push(parseThreshold('scaling_lag < 45s'));
        const outcome = await runScenario({ scenario, outDir: o.out, grafana, command: 'scaletrace demo' });
        if (outcome.report !== undefined) process.stdout.write(`\nopen the report: ${outcome.report}\n`);
        // The demo shows thresholds but only fails on interruption or a runtime error.
        setExit(outcome.summary.run.interrupted || interrupted ? EXIT.interrupted : EXIT.passed);
      } finally {
        await cluster?.close();
        rmSync(dir, { recursive: true, force: true });
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
