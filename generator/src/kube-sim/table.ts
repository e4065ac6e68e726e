/**
 * Server-side printing (meta.k8s.io/v1 Table), what kubectl asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`: the columns and cell values of the API
 * server's printers for the kinds the simulator serves, so `kubectl get hpa -w` reads as on a cluster.
 */
import type { KubeObject, SimResource } from './object-store';

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

interface Column { name: string; type: 'string' | 'integer' | 'date'; format: string; description: string; priority: number }
type Cell = string | number;
type IncludeObject = 'None' | 'Metadata' | 'Object';

const col = (name: string, type: Column['type'] = 'string', priority = 0, format = ''): Column => ({ name, type, format, description: '', priority });
const NAME = col('Name', 'string', 0, 'name');
const AGE = col('Age');

const COLUMNS: Record<SimResource, Column[]> = {
  horizontalpodautoscalers: [NAME, col('Reference'), col('Targets'), col('MinPods'), col('MaxPods', 'integer'), col('Replicas', 'integer'), AGE],
  deployments: [NAME, col('Ready'), col('Up-to-date', 'integer'), col('Available', 'integer'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
  replicasets: [NAME, col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
  pods: [NAME, col('Ready'), col('Status'), col('Restarts'), AGE, col('IP', 'string', 1), col('Node', 'string', 1)],
  events: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Message'), col('Source', 'string', 1), col('First Seen', 'string', 1), col('Count', 'integer', 1), col('Name', 'string', 1)],
};

/** Whether an Accept header asks for a meta.k8s.io/v1 Table (kubectl also offers v1beta1, then plain JSON). */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => {
    const params = part.split(';').map((s) => s.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io') && params.includes('v=v1');
  });
}

/** A Table of `objects`; `headers: false` for watch events after the first (kubectl reuses the last columns). */
export function toTable(resource: SimResource, objects: KubeObject[], resourceVersion: string, include: string | null, headers = true): unknown {
  const now = Date.now();
  const mode: IncludeObject = include === 'None' || include === 'Object' ? include : 'Metadata';
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion },
    columnDefinitions: headers ? COLUMNS[resource] : [],
    rows: objects.map((o) => ({
      cells: cells(resource, o, now),
      ...(mode === 'None' ? {} : { object: mode === 'Object' ? o : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata } }),
    })),
  };
}

function cells(resource: SimResource, o: KubeObject, now: number): Cell[] {
  const age = since(o.metadata.creationTimestamp, now);
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  const status = (o.status ?? {}) as Record<string, unknown>;
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  switch (resource) {
    case 'horizontalpodautoscalers': {
      const ref = spec.scaleTargetRef as { kind: string; name: string };
      const min = spec.minReplicas === undefined ? '<unset>' : String(spec.minReplicas);
      return [o.metadata.name, `${ref.kind}/${ref.name}`, hpaTargets(spec, status), min, num(spec.maxReplicas), num(status.currentReplicas), age];
    }
    case 'deployments':
    case 'replicasets': {
      const { names, images, selector } = podTemplate(spec);
      return resource === 'deployments'
        ? [o.metadata.name, `${num(status.readyReplicas)}/${num(spec.replicas)}`, num(status.updatedReplicas), num(status.availableReplicas), age, names, images, selector]
        : [o.metadata.name, num(spec.replicas), num(status.replicas), num(status.readyReplicas), age, names, images, selector];
    }
    case 'pods':
      return podCells(o, status, age, now);
    case 'events': {
      const involved = o.involvedObject as { kind: string; name: string };
      const source = (o.source as { component?: string } | undefined)?.component ?? '';
      return [since(o.lastTimestamp as string, now), String(o.type), String(o.reason), `${involved.kind.toLowerCase()}/${involved.name}`, String(o.message),
        source, since(o.firstTimestamp as string, now), num(o.count), o.metadata.name];
    }
  }
}

/** `cpu: 35%/50%`, as the HPA printer writes a Resource Utilization metric (`<unknown>` before the first measurement). */
function hpaTargets(spec: Record<string, unknown>, status: Record<string, unknown>): string {
  const metrics = (spec.metrics ?? []) as Array<{ type: string; resource?: { name: string; target: { averageUtilization?: number; averageValue?: string } } }>;
  const current = (status.currentMetrics ?? []) as Array<{ resource?: { current: { averageUtilization?: number; averageValue?: string } } }>;
  if (metrics.length === 0) return '<none>';
  return metrics.map((m, i) => {
    if (m.type !== 'Resource' || !m.resource) return '<unknown type>';
    const target = m.resource.target;
    const now = current[i]?.resource?.current;
    if (target.averageValue !== undefined) return `${m.resource.name}: ${now?.averageValue ?? '<unknown>'}/${target.averageValue}`;
    const cur = now?.averageUtilization === undefined ? '<unknown>' : `${now.averageUtilization}%`;
    return `${m.resource.name}: ${cur}/${target.averageUtilization === undefined ? '<auto>' : `${target.averageUtilization}%`}`;
  }).join(', ');
}

function podTemplate(spec: Record<string, unknown>): { names: string; images: string; selector: string } {
  const template = spec.template as { spec?: { containers?: Array<{ name: string; image?: string }> } } | undefined;
  const containers = template?.spec?.containers ?? [];
  const labels = (spec.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
  return {
    names: containers.map((c) => c.name).join(','),
    images: containers.map((c) => c.image ?? '').join(','),
    selector: Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(','),
  };
}

interface ContainerStatus { ready?: boolean; restartCount?: number; state?: { waiting?: { reason?: string } }; lastState?: { terminated?: { finishedAt?: string } } }

/** NAME READY STATUS RESTARTS AGE (IP NODE): Terminating once deleted, a waiting reason over the phase. */
function podCells(o: KubeObject, status: Record<string, unknown>, age: string, now: number): Cell[] {
  const containers = (status.containerStatuses ?? []) as ContainerStatus[];
  const total = ((o.spec as { containers?: unknown[] } | undefined)?.containers ?? containers).length;
  const ready = containers.filter((c) => c.ready).length;
  let reason = String(status.phase ?? 'Unknown');
  for (const c of containers) if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
  if (o.metadata.deletionTimestamp) reason = 'Terminating';
  const restarts = containers.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const lastExit = containers.map((c) => c.lastState?.terminated?.finishedAt).filter((t): t is string => !!t).sort().pop();
  return [o.metadata.name, `${ready}/${total}`, reason, restarts > 0 && lastExit ? `${restarts} (${since(lastExit, now)} ago)` : String(restarts), age,
    String(status.podIP ?? '<none>'), 'scaletrace-sim-node'];
}

/** apimachinery's duration.HumanDuration of the time since `iso` (`<unknown>` without one). */
function since(iso: string | undefined, now: number): string {
  if (!iso) return '<unknown>';
  const s = Math.floor((now - Date.parse(iso)) / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  return h % 24 === 0 || h >= 192 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
}
