/** One clear line for a 401/403: what was refused and the Role rule that would allow it. */
export function rbacMessage(p: { verb: string; resource: string; group: string; namespace: string; status: number; verbs?: string[]; without?: string }): string {
  if (p.status === 401) {
    return `the API server refused our credentials (401 Unauthorized) when trying to ${p.verb} ${p.resource}: check the kubeconfig user or token`;
  }
  return `forbidden to ${p.verb} ${p.resource}${p.group ? `.${p.group}` : ''} in namespace "${p.namespace}" (403); ` +
    `add to the Role: - apiGroups: ["${p.group}"] resources: ["${p.resource}"] verbs: [${(p.verbs ?? ['list', 'watch']).map((v) => `"${v}"`).join(',')}] — continuing without ${p.without ?? p.resource}`;
}

/** Every API call the watcher makes (k8s/rbac/watcher-rbac.yaml grants exactly these; a test keeps them in step). */
export const WATCHER_RBAC: ReadonlyArray<{ group: string; resource: string; verbs: string[] }> = [
  { group: 'autoscaling', resource: 'horizontalpodautoscalers', verbs: ['list', 'watch'] },
  { group: 'apps', resource: 'deployments', verbs: ['list', 'watch'] },
  { group: 'apps', resource: 'statefulsets', verbs: ['list', 'watch'] },
  { group: '', resource: 'pods', verbs: ['list', 'watch'] },
  { group: '', resource: 'events', verbs: ['list', 'watch'] },
  { group: 'metrics.k8s.io', resource: 'pods', verbs: ['list'] },
];
