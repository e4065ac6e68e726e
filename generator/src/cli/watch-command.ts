import type { Command } from 'commander';
import { parseDuration } from '../scenario';
import { watchCluster } from '../runner';
import { EXIT, UsageError } from './exit-codes';
import { collect } from './options';

export function registerWatchCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('watch')
    .description('watch HPAs, their targets, pods and events; print and export replica counts, events and scaling lag')
    .option('-n, --namespace <ns>', 'namespace (default: the context\'s, else "default", as kubectl)')
    .option('--hpa <name>', 'an HPA to watch (repeatable; default: all in the namespace)', collect, [])
    .option('-l, --selector <selector>', 'HPA label selector, e.g. app=web')
    .option('--context <name>', 'kubeconfig context (as kubectl --context)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster)')
    .option('-d, --duration <duration>', 'stop after this long, e.g. 10m (default: until Ctrl-C)')
    .option('--metrics-poll <duration>', 'metrics.k8s.io poll period', '15s')
    .option('--request-timeout <duration>', 'bound on each Kubernetes API request: a list, a get, a watch\'s response headers', '30s')
    .option('--watch-idle-timeout <duration>', 're-establish a watch silent this long (no event, no bookmark)', '60s')
    .option('-o, --out <dir>', 'write scaling.json here (spill/ goes here too, else scaletrace-results/<id>/spill, when the collector is down)')
    .action(async (o: { namespace?: string; hpa: string[]; selector?: string; context?: string; kubeconfig?: string; duration?: string; metricsPoll: string; requestTimeout: string; watchIdleTimeout: string; out?: string }) => {
      if (o.hpa.length > 0 && o.selector !== undefined) throw new UsageError('use either --hpa or --selector, not both');
      const outcome = await watchCluster({
        namespace: o.namespace, hpas: o.hpa, labelSelector: o.selector, context: o.context, kubeconfig: o.kubeconfig,
        durationMs: o.duration === undefined ? undefined : durationFlag('--duration', o.duration),
        metricsPollMs: durationFlag('--metrics-poll', o.metricsPoll), outDir: o.out,
        requestTimeoutMs: positiveDurationFlag('--request-timeout', o.requestTimeout),
        watchIdleTimeoutMs: positiveDurationFlag('--watch-idle-timeout', o.watchIdleTimeout),
      });
      setExit(outcome.interrupted ? EXIT.interrupted : EXIT.passed);
    });
}

function durationFlag(flag: string, value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}

function positiveDurationFlag(flag: string, value: string): number {
  const ms = durationFlag(flag, value);
  if (ms <= 0) throw new UsageError(`${flag}: must be > 0`);
  return ms;
}
