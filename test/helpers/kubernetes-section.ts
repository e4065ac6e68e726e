import type { DemoCluster } from '../../generator/src/demo-cluster';

/**
 * The scenario's `kubernetes:` block (YAML lines) that points the embedded watcher at a demo
 * cluster: its kubeconfig, namespace and HPA, polling pod metrics every `metricsPoll`, and —
 * when asked — the response header that names the serving pod.
 */
export function kubernetesSection(cluster: DemoCluster, options: { metricsPoll: string; podHeader?: boolean }): string[] {
  return [
    'kubernetes:',
    `  kubeconfig: ${cluster.kubeconfig}`,
    `  namespace: ${cluster.namespace}`,
    `  hpas: [${cluster.hpa}]`,
    ...(options.podHeader ? [`  podHeader: ${cluster.podHeader}`] : []),
    `  metricsPoll: ${options.metricsPoll}`,
  ];
}
