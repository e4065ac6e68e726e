import { isPodReady, podProblems } from './pod-problems';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { rbacMessage, WATCHER_RBAC } from './rbac-message';

const pod = (status: Record<string, unknown>) => ({ metadata: { name: 'web-1' }, status });
const running = pod({ conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', restartCount: 0, state: { running: {} } }] });

describe('podProblems', () => {
  it('reports an OOMKilled restart once, and CrashLoopBackOff on entering it', () => {
    const crashed = pod({ containerStatuses: [{ name: 'app', restartCount: 1, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } }, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } } }] });
    expect(podProblems(running, crashed).map((p) => p.reason)).toEqual(['OOMKilled', 'CrashLoopBackOff']);
    expect(podProblems(crashed, crashed)).toEqual([]);
  });

  it('reports Pending/Unschedulable with the scheduler message', () => {
    const pending = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] });
    expect(podProblems(undefined, pending)).toEqual([{ reason: 'Unschedulable', severity: 'WARN', message: 'pod web-1 is Pending: 0/3 nodes are available: 3 Insufficient cpu.' }]);
  });

  it('readiness: Ready=True and not terminating', () => {
    expect(isPodReady(running)).toBe(true);
    expect(isPodReady({ ...running, metadata: { name: 'x', deletionTimestamp: '2026-01-01T00:00:00Z' } })).toBe(false);
  });
});

describe('rbacMessage', () => {
  it('names the verb, the resource and the Role rule that fixes it', () => {
    expect(rbacMessage({ verb: 'list', resource: 'events', group: '', namespace: 'ml', status: 403 })).toBe(
      'forbidden to list events in namespace "ml" (403); add to the Role: - apiGroups: [""] resources: ["events"] verbs: ["list","watch"] — continuing without events');
    expect(rbacMessage({ verb: 'watch', resource: 'horizontalpodautoscalers', group: 'autoscaling', namespace: 'ml', status: 403 })).toMatch(/horizontalpodautoscalers\.autoscaling.*apiGroups: \["autoscaling"\]/);
    expect(rbacMessage({ verb: 'list', resource: 'pods', group: 'metrics.k8s.io', namespace: 'ml', status: 403, verbs: ['list'], without: 'pod CPU/memory' })).toBe(
      'forbidden to list pods.metrics.k8s.io in namespace "ml" (403); add to the Role: - apiGroups: ["metrics.k8s.io"] resources: ["pods"] verbs: ["list"] — continuing without pod CPU/memory');
  });
});

describe('k8s/rbac/watcher-rbac.yaml', () => {
  it('grants exactly what the watcher calls', () => {
    const docs = parseAllDocuments(readFileSync(`${__dirname}/../../../k8s/rbac/watcher-rbac.yaml`, 'utf8')).map((d) => d.toJS() as { kind: string; rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> });
    const granted = docs.find((d) => d.kind === 'Role')?.rules?.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => ({ group: g, resource: res, verbs: r.verbs })))) ?? [];
    expect(granted.sort((a, b) => `${a.group}/${a.resource}`.localeCompare(`${b.group}/${b.resource}`)))
      .toEqual([...WATCHER_RBAC].sort((a, b) => `${a.group}/${a.resource}`.localeCompare(`${b.group}/${b.resource}`)));
  });
});
