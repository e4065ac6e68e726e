/**
 * Discovery documents as the API server writes them: kubectl resolves `hpa`, `deploy`, `po` from
 * shortNames, `kubectl get all` from categories, and `kubectl scale` the Scale kind from the
 * `deployments/scale` subresource entry. Verbs list only what the simulator serves.
 */

export interface DiscoveryOptions {
  serveMetricsApi: boolean;
  /** Served autoscaling versions, preferred first. */
  autoscalingVersions: string[];
}

interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  group?: string;
  version?: string;
}

const READ = ['get', 'list', 'watch'];
const HPA: ApiResource = { name: 'horizontalpodautoscalers', singularName: 'horizontalpodautoscaler', namespaced: true, kind: 'HorizontalPodAutoscaler', verbs: [...READ, 'patch'], shortNames: ['hpa'], categories: ['all'] };

const RESOURCES: Record<string, ApiResource[]> = {
  v1: [
    { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: READ, shortNames: ['ev'] },
    { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['delete', ...READ], shortNames: ['po'], categories: ['all'] },
  ],
  'apps/v1': [
    { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: READ, shortNames: ['deploy'], categories: ['all'] },
    { name: 'deployments/scale', singularName: '', namespaced: true, kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
    { name: 'replicasets', singularName: 'replicaset', namespaced: true, kind: 'ReplicaSet', verbs: READ, shortNames: ['rs'], categories: ['all'] },
  ],
  'autoscaling/v2': [HPA],
  'autoscaling/v1': [HPA],
  'metrics.k8s.io/v1beta1': [{ name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] }],
};

/** GET /api */
export function coreVersions(): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '' }] };
}

/** GET /apis */
export function groupList(opts: DiscoveryOptions): unknown {
  const group = (name: string, versions: string[]) => {
    const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions: entries, preferredVersion: entries[0] };
  };
  const groups = [group('apps', ['v1']), group('autoscaling', opts.autoscalingVersions)];
  if (opts.serveMetricsApi) groups.push(group('metrics.k8s.io', ['v1beta1']));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** GET /api/v1, /apis/GROUP/VERSION: the APIResourceList, or undefined where that version is not served. */
export function resourceList(groupVersion: string, opts: DiscoveryOptions): unknown {
  const [group, version] = groupVersion.includes('/') ? groupVersion.split('/') : ['', groupVersion];
  const served = group === 'autoscaling' ? opts.autoscalingVersions.includes(version as string)
    : group === 'metrics.k8s.io' ? opts.serveMetricsApi : true;
  const resources = RESOURCES[groupVersion];
  if (!served || !resources) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}
