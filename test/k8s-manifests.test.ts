/**
 * k8s/: every overlay renders with `kubectl kustomize`, every rendered object is valid against
 * the Kubernetes API schemas (helpers/k8s-schema.ts), and the policies hold: non-root, read-only
 * root filesystem, requests and limits everywhere, nothing secret in a ConfigMap, an Indexed Job
 * whose completions = parallelism = SCALETRACE_SHARDS, references that resolve, RBAC that grants
 * exactly what the code calls. No cluster here: nothing is applied.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadScenario } from '../generator/src/scenario';
import { FAULTS_RBAC, MATRIX_RBAC } from '../generator/src/kube';
import { WATCHER_RBAC } from '../generator/src/kube/rbac-message';
import { kustomize, type K8sObject } from './helpers/kustomize';
import { schemaProblems } from './helpers/k8s-schema';

const K8S = join(__dirname, '..', 'k8s');
const OVERLAYS = readdirSync(join(K8S, 'overlays'));
const BUILDS = ['base', ...OVERLAYS.map((o) => `overlays/${o}`)];
const rendered = new Map<string, K8sObject[]>();
const objects = (build: string): K8sObject[] => {
  if (!rendered.has(build)) rendered.set(build, kustomize(join(K8S, build)));
  return rendered.get(build) as K8sObject[];
};
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

interface Container {
  name: string; image?: string; args?: string[]; workingDir?: string;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { optional?: boolean }; configMapKeyRef?: unknown } }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodSpec {
  containers: Container[]; initContainers?: Container[]; securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: Array<{ name: string; configMap?: { name: string }; secret?: { secretName: string } }>;
  serviceAccountName?: string;
}
interface JobSpec { completionMode?: string; parallelism?: number; completions?: number; template: { spec: PodSpec } }

/** Every pod template in a build, with where it came from. */
function podTemplates(objs: K8sObject[]): Array<{ owner: string; pod: PodSpec; labels: Record<string, string> }> {
  return objs.flatMap((o) => {
    const spec = o.spec as Record<string, unknown> | undefined;
    if (o.kind === 'Deployment' || o.kind === 'Job') {
      const t = spec?.template as { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
      return [{ owner: `${o.kind}/${o.metadata.name}`, pod: t.spec, labels: t.metadata?.labels ?? {} }];
    }
    if (o.kind === 'CronJob') {
      const t = (spec?.jobTemplate as { spec: JobSpec & { template: { metadata?: { labels?: Record<string, string> } } } }).spec.template;
      return [{ owner: `${o.kind}/${o.metadata.name}`, pod: t.spec, labels: t.metadata?.labels ?? {} }];
    }
    return [];
  });
}

function indexedJobs(objs: K8sObject[]): Array<{ owner: string; job: JobSpec }> {
  return objs.flatMap((o) => {
    if (o.kind === 'Job') return [{ owner: `Job/${o.metadata.name}`, job: o.spec as JobSpec }];
    if (o.kind === 'CronJob') return [{ owner: `CronJob/${o.metadata.name}`, job: (o.spec as { jobTemplate: { spec: JobSpec } }).jobTemplate.spec }];
    return [];
  }).filter((j) => j.job.completionMode === 'Indexed');
}

/** Kubernetes quantities → bytes or cores, enough for the units used here. */
function quantity(q: string): number {
  const m = /^([\d.]+)(m|Ki|Mi|Gi)?$/.exec(q);
  if (!m) throw new Error(`unexpected quantity ${q}`);
  const n = Number(m[1]);
  return n * ({ m: 0.001, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[m[2] ?? ''] ?? 1);
}

/** GOMEMLIMIT's Go units (KiB, MiB, GiB). */
function goBytes(v: string): number {
  const m = /^(\d+)(KiB|MiB|GiB)$/.exec(v);
  if (!m) throw new Error(`unexpected GOMEMLIMIT ${v}`);
  return Number(m[1]) * ({ KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[m[2] as string] as number);
}

describe('schema validation (the checker itself)', () => {
  it('reports a wrong type, a missing required field and an unknown (misspelt) field', async () => {
    const bad = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' },
      spec: {
        replicas: 'two', selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ image: 'i', securityContext: { readOnlyRootFileSystem: true } }] } },
      },
    };
    const problems = (await schemaProblems(bad)).join('\n');
    expect(problems).toMatch(/replicas/);
    expect(problems).toMatch(/name/); // containers[0].name is required
    expect(problems).toMatch(/unknown field spec\.template\.spec\.containers\[0\]\.securityContext\.readOnlyRootFileSystem/);
    expect(await schemaProblems({ ...bad, spec: { ...bad.spec, replicas: 2, template: { ...bad.spec.template, spec: { containers: [{ name: 'c', image: 'i' }] } } } })).toEqual([]);
  });
});

describe.each(BUILDS)('k8s/%s', (build) => {
  it('renders with kubectl kustomize, and every object is valid against the Kubernetes API schemas', async () => {
    const objs = objects(build);
    expect(objs.length).toBeGreaterThan(5);
    const problems = (await Promise.all(objs.map((o) => schemaProblems(o)))).flat();
    expect(problems).toEqual([]);
  });

  it('puts every namespaced object in the scaletrace namespace and binds service accounts there', () => {
    for (const o of objects(build)) {
      const ns = CLUSTER_SCOPED.has(o.kind) ? undefined : 'scaletrace';
      expect({ obj: `${o.kind}/${o.metadata.name}`, ns: o.metadata.namespace }).toEqual({ obj: `${o.kind}/${o.metadata.name}`, ns });
      for (const s of (o.subjects as Array<{ kind: string; namespace?: string }> | undefined) ?? []) {
        if (s.kind === 'ServiceAccount') expect(s.namespace).toBe('scaletrace');
      }
    }
  });

  it('runs every container non-root, read-only, without privileges, with CPU and memory requests and limits', () => {
    const pods = podTemplates(objects(build));
    expect(pods.length).toBeGreaterThan(0);
    for (const { owner, pod } of pods) {
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const where = `${owner} ${c.name}`;
        const sc = c.securityContext ?? {};
        expect({ where, nonRoot: sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot }).toEqual({ where, nonRoot: true });
        expect({ where, uid: (pod.securityContext?.runAsUser ?? 0) > 0 }).toEqual({ where, uid: true });
        expect({ where, ro: sc.readOnlyRootFilesystem, esc: sc.allowPrivilegeEscalation, drop: sc.capabilities?.drop })
          .toEqual({ where, ro: true, esc: false, drop: ['ALL'] });
        for (const kind of ['requests', 'limits'] as const) {
          expect({ where, kind, cpu: !!c.resources?.[kind]?.cpu, memory: !!c.resources?.[kind]?.memory }).toEqual({ where, kind, cpu: true, memory: true });
        }
        for (const r of ['cpu', 'memory']) {
          expect(quantity(c.resources?.requests?.[r] as string)).toBeLessThanOrEqual(quantity(c.resources?.limits?.[r] as string));
        }
        const gomem = c.env?.find((e) => e.name === 'GOMEMLIMIT')?.value;
        if (gomem) expect(goBytes(gomem)).toBeLessThanOrEqual(0.85 * quantity(c.resources?.limits?.memory as string));
      }
    }
  });

  it('keeps secrets out of ConfigMaps and plain env values; secret references are optional (none shipped)', () => {
    const objs = objects(build);
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const cm of objs.filter((o) => o.kind === 'ConfigMap')) {
      for (const [key, value] of Object.entries((cm.data as Record<string, string>) ?? {})) {
        const where = `${cm.metadata.name}:${key}`;
        expect({ where, secretKey: /password|passwd|token|secret|api[_-]?key|credential|authorization|headers/i.test(key) }).toEqual({ where, secretKey: false });
        expect({ where, value }).not.toEqual({ where, value: expect.stringMatching(/\b(Bearer|Basic)\s+[A-Za-z0-9+/=._-]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|:\/\/[^/\s:@]+:[^/\s@]+@/) });
        expect({ where, value }).not.toEqual({ where, value: expect.stringMatching(/^\s*(password|token|api[_-]?key|authorization)\s*[:=]\s*[^$\s]/im) });
      }
    }
    for (const { owner, pod } of podTemplates(objs)) {
      for (const c of pod.containers) {
        for (const e of c.env ?? []) {
          if (/HEADERS|TOKEN|PASSWORD|SECRET|API_KEY|CREDENTIAL/.test(e.name)) {
            expect({ owner, env: e.name, fromSecret: !!e.valueFrom?.secretKeyRef, plain: e.value }).toEqual({ owner, env: e.name, fromSecret: true, plain: undefined });
          }
          if (e.valueFrom?.secretKeyRef) expect(e.valueFrom.secretKeyRef.optional).toBe(true);
        }
      }
    }
  });

  it('resolves every ConfigMap and ServiceAccount a pod refers to, and every Service selects a pod template', () => {
    const objs = objects(build);
    const names = (kind: string) => new Set(objs.filter((o) => o.kind === kind).map((o) => o.metadata.name));
    for (const { owner, pod } of podTemplates(objs)) {
      for (const v of pod.volumes ?? []) if (v.configMap) expect({ owner, cm: v.configMap.name, exists: names('ConfigMap').has(v.configMap.name) }).toMatchObject({ exists: true });
      for (const c of pod.containers) for (const f of c.envFrom ?? []) if (f.configMapRef) expect(names('ConfigMap').has(f.configMapRef.name)).toBe(true);
      expect({ owner, sa: pod.serviceAccountName, exists: pod.serviceAccountName === undefined || names('ServiceAccount').has(pod.serviceAccountName) }).toMatchObject({ exists: true });
    }
    for (const svc of objs.filter((o) => o.kind === 'Service')) {
      const selector = (svc.spec as { selector: Record<string, string> }).selector;
      const selected = podTemplates(objs).filter(({ labels }) => Object.entries(selector).every(([k, v]) => labels[k] === v));
      expect({ svc: svc.metadata.name, selected: selected.length }).toEqual({ svc: svc.metadata.name, selected: 1 });
    }
  });

  it('runs the generator as an Indexed Job with completions = parallelism = SCALETRACE_SHARDS, one run id and a start delay', () => {
    const jobs = indexedJobs(objects(build));
    expect(jobs.length).toBe(1);
    for (const { owner, job } of jobs) {
      const c = job.template.spec.containers.find((x) => x.name === 'scaletrace') as Container;
      const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));
      expect({ owner, completions: job.completions, shards: env.SCALETRACE_SHARDS?.value })
        .toEqual({ owner, completions: job.parallelism, shards: String(job.parallelism) });
      expect(env.SCALETRACE_RUN_ID?.valueFrom).toEqual({ fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/controller-uid']" } });
      expect(env.SCALETRACE_START_DELAY?.value).toMatch(/^\d+s$/);
      // The shards read their Job's creationTimestamp by name: no pod read needed.
      expect(env.SCALETRACE_JOB_NAME?.valueFrom).toEqual({ fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" } });
      expect(env.POD_NAMESPACE?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
      expect(env.JOB_COMPLETION_INDEX).toBeUndefined(); // set by Kubernetes itself
      expect(c.args).toEqual(['run', '/etc/scaletrace/scenario/scenario.yaml']);
      // Results per shard under the working directory, on the writable results volume.
      expect(c.workingDir).toBe('/results');
      expect(c.volumeMounts).toContainEqual({ name: 'results', mountPath: '/results' });
    }
  });

  it('mounts a scenario that `scaletrace validate` accepts', () => {
    const cm = objects(build).find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('scaletrace-scenario-')) as K8sObject;
    const dir = mkdtempSync(join(tmpdir(), 'scaletrace-k8s-'));
    try {
      const file = join(dir, 'scenario.yaml');
      writeFileSync(file, (cm.data as Record<string, string>)['scenario.yaml'] as string);
      expect(loadScenario(file).requests.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the collector the config files its args name', () => {
    const objs = objects(build);
    const dep = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'otel-collector') as K8sObject;
    const pod = (dep.spec as { template: { spec: PodSpec } }).template.spec;
    const c = pod.containers[0] as Container;
    const mount = c.volumeMounts?.find((m) => m.name === 'config');
    const cmName = pod.volumes?.find((v) => v.name === 'config')?.configMap?.name;
    const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === cmName) as K8sObject;
    const files = (c.args ?? []).filter((a) => a.startsWith('--config=')).map((a) => a.slice('--config='.length));
    expect(files[0]).toBe(`${mount?.mountPath}/config.yaml`);
    for (const f of files) {
      expect(f.startsWith(`${mount?.mountPath}/`)).toBe(true);
      const key = f.slice(`${mount?.mountPath}/`.length);
      expect(readFileSync(join(__dirname, '..', 'otel-collector', key), 'utf8')).toBe((cm.data as Record<string, string>)[key]);
    }
  });

  it('runs the collector image of the release otel-collector/distribution builds and tests', () => {
    const manifest = parse(readFileSync(join(__dirname, '..', 'otel-collector', 'distribution', 'manifest.yaml'), 'utf8')) as { dist: { version: string } };
    const dep = objects(build).find((o) => o.kind === 'Deployment' && o.metadata.name === 'otel-collector') as K8sObject;
    const images = (dep.spec as { template: { spec: PodSpec } }).template.spec.containers.map((c) => c.image);
    expect(images).toEqual([`otel/opentelemetry-collector-contrib:${manifest.dist.version}`]);
  });
});

describe('k8s/ overlays and RBAC', () => {
  it('renders every opt-in component in some overlay', () => {
    const used = new Set(OVERLAYS.flatMap((o) => (parse(readFileSync(join(K8S, 'overlays', o, 'kustomization.yaml'), 'utf8')) as { components?: string[] }).components ?? [])
      .map((c) => c.split('/').pop()));
    for (const c of readdirSync(join(K8S, 'components'))) expect(used).toContain(c);
  });

  it('the demo overlay adds the demo target (Deployment, Service, HPA on CPU) and the collector\'s cluster watch', () => {
    const objs = objects('overlays/demo');
    const hpa = objs.find((o) => o.kind === 'HorizontalPodAutoscaler') as K8sObject;
    expect((hpa.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name).toBe('demo-target');
    const dep = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'otel-collector') as K8sObject;
    expect(JSON.stringify(dep)).toContain('--config=/etc/otelcol/k8s-cluster.yaml');
    expect(objs.find((o) => o.kind === 'ClusterRole')?.metadata.name).toBe('scaletrace-otel-collector');
    expect(objects('base').find((o) => o.kind === 'ClusterRole')).toBeUndefined();
  });

  it('the weekly baseline is a CronJob running the Job\'s pod template, and no one-off Job', () => {
    const objs = objects('overlays/weekly-baseline');
    expect(objs.filter((o) => o.kind === 'Job')).toEqual([]);
    const cron = objs.find((o) => o.kind === 'CronJob') as K8sObject;
    const spec = cron.spec as { schedule: string; concurrencyPolicy: string; jobTemplate: { spec: JobSpec } };
    expect(spec.concurrencyPolicy).toBe('Forbid');
    expect(spec.schedule.split(' ')).toHaveLength(5);
    const job = objects('base').find((o) => o.kind === 'Job') as K8sObject;
    expect(spec.jobTemplate.spec.template).toEqual((job.spec as JobSpec).template);
  });

  it('load-50k runs 3 shards and gives the collector room for 1M traces', () => {
    const objs = objects('overlays/load-50k');
    expect(indexedJobs(objs)[0]?.job.parallelism).toBe(3);
    const env = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('otel-collector-env-')) as K8sObject;
    expect((env.data as Record<string, string>).TAIL_SAMPLING_NUM_TRACES).toBe('1000000');
  });

  const roleRules = (file: string) => {
    const docs = readFileSync(join(K8S, file), 'utf8').split(/^---$/m).map((d) => parse(d) as { kind: string; rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> });
    return (docs.find((d) => d.kind === 'Role')?.rules ?? [])
      .flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => ({ group: g, resource: res, verbs: r.verbs }))))
      .sort((a, b) => `${a.group}/${a.resource}`.localeCompare(`${b.group}/${b.resource}`));
  };
  const sorted = (rules: ReadonlyArray<{ group: string; resource: string; verbs: string[] }>) =>
    [...rules].sort((a, b) => `${a.group}/${a.resource}`.localeCompare(`${b.group}/${b.resource}`));

  it('the shards may get their own Job (its creationTimestamp) and nothing else', () => {
    expect(roleRules('rbac/shards-rbac.yaml')).toEqual([{ group: 'batch', resource: 'jobs', verbs: ['get'] }]);
  });

  it('the watcher Role is read-only (list/watch) and grants exactly WATCHER_RBAC', () => {
    expect(roleRules('rbac/watcher-rbac.yaml')).toEqual(sorted(WATCHER_RBAC));
    for (const r of roleRules('rbac/watcher-rbac.yaml')) for (const v of r.verbs) expect(['list', 'watch']).toContain(v);
  });

  it('the opt-in matrix and faults Roles grant exactly MATRIX_RBAC and FAULTS_RBAC; the base grants no write', () => {
    expect(roleRules('components/matrix-rbac/role.yaml')).toEqual(sorted(MATRIX_RBAC));
    expect(roleRules('components/faults-rbac/role.yaml')).toEqual(sorted(FAULTS_RBAC));
    const baseRoles = objects('base').filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole');
    expect(baseRoles.map((r) => r.metadata.name).sort()).toEqual(['scaletrace-shards', 'scaletrace-watcher']);
    for (const r of baseRoles) expect(JSON.stringify(r.rules)).not.toMatch(/patch|delete|create|update|"\*"/);
  });
});
