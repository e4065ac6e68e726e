/**
 * otel-collector/config.yaml (and the k8s-cluster.yaml add-on merged over it, as the collector
 * merges several --config files): `otelcol validate` of the collector built here
 * (scripts/build-collector.sh, release 0.161.0), and the design rules a validator cannot know:
 * every defined component is used, memory_limiter first, endpoints from env vars, nothing secret
 * inline, the sampling policies and span-metric names the dashboards rely on.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { collectorBinary, validateCollectorConfig, writeK8sClusterStandIn } from './helpers/collector';

const root = join(__dirname, '..');
type Section = 'receivers' | 'processors' | 'exporters' | 'connectors' | 'extensions';
type Config = Partial<Record<Section, Record<string, unknown>>> & {
  service: { extensions?: string[]; pipelines: Record<string, { receivers?: string[]; processors?: string[]; exporters?: string[] }> };
};

const load = (file: string): Config => parse(readFileSync(join(root, 'otel-collector', file), 'utf8')) as Config;
const base = load('config.yaml');
const withK8s = mergeConfigs(base, load('k8s-cluster.yaml'));

/**
 * Receivers of k8s-cluster.yaml that are in the otel/opentelemetry-collector-contrib:0.161.0 image
 * but cannot be built here: the Go module proxy refuses k8sleaderelector@v0.161.0 (imported by the
 * k8s_cluster receiver) and k8sobjectsreceiver@v0.161.0.
 */
const IMAGE_ONLY_RECEIVERS = ['k8s_cluster', 'k8sobjects'];

/** Component types in the collector built here, by section (`otelcol components`). */
function builtComponentTypes(): Record<Section, string[]> {
  const out = parse(execFileSync(collectorBinary(), ['components'], { encoding: 'utf8', timeout: 60_000 })) as Record<Section, Array<{ name: string }>>;
  return Object.fromEntries((['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as Section[])
    .map((k) => [k, (out[k] ?? []).map((c) => c.name)])) as Record<Section, string[]>;
}
const KNOWN_TYPES = builtComponentTypes();
KNOWN_TYPES.receivers.push(...IMAGE_ONLY_RECEIVERS);
const ENV_TEMPLATE = /^\$\{env:[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}$/;

describe.each([['config.yaml', base], ['config.yaml + k8s-cluster.yaml', withK8s]])('%s', (_name, cfg) => {
  const pipelines = Object.entries(cfg.service.pipelines);
  const signal = (id: string): string => id.split('/')[0] ?? id;

  it('defines every component a pipeline names, as the right kind', () => {
    for (const [id, p] of pipelines) {
      for (const r of p.receivers ?? []) expect({ id, r, defined: r in (cfg.receivers ?? {}) || r in (cfg.connectors ?? {}) }).toMatchObject({ defined: true });
      for (const x of p.processors ?? []) expect({ id, x, defined: x in (cfg.processors ?? {}) }).toMatchObject({ defined: true });
      for (const e of p.exporters ?? []) expect({ id, e, defined: e in (cfg.exporters ?? {}) || e in (cfg.connectors ?? {}) }).toMatchObject({ defined: true });
      expect(['traces', 'metrics', 'logs']).toContain(signal(id));
      expect((p.receivers ?? []).length).toBeGreaterThan(0);
      expect((p.exporters ?? []).length).toBeGreaterThan(0);
    }
    for (const ext of cfg.service.extensions ?? []) expect(Object.keys(cfg.extensions ?? {})).toContain(ext);
  });

  it('uses every component it defines', () => {
    const used = (list: 'receivers' | 'processors' | 'exporters') => new Set(pipelines.flatMap(([, p]) => p[list] ?? []));
    for (const r of Object.keys(cfg.receivers ?? {})) expect({ r, used: used('receivers').has(r) }).toEqual({ r, used: true });
    for (const x of Object.keys(cfg.processors ?? {})) expect({ x, used: used('processors').has(x) }).toEqual({ x, used: true });
    for (const e of Object.keys(cfg.exporters ?? {})) expect({ e, used: used('exporters').has(e) }).toEqual({ e, used: true });
    for (const ext of Object.keys(cfg.extensions ?? {})) expect(cfg.service.extensions ?? []).toContain(ext);
  });

  it('uses each connector as the exporter of a traces pipeline and the receiver of a metrics pipeline', () => {
    for (const c of Object.keys(cfg.connectors ?? {})) {
      expect(pipelines.filter(([id, p]) => signal(id) === 'traces' && p.exporters?.includes(c)).length).toBeGreaterThan(0);
      expect(pipelines.filter(([id, p]) => signal(id) === 'metrics' && p.receivers?.includes(c)).length).toBeGreaterThan(0);
    }
  });

  it('only uses component types of the collector built here (k8s receivers: of the 0.161.0 image)', () => {
    for (const section of Object.keys(KNOWN_TYPES) as Section[]) {
      for (const id of Object.keys(cfg[section] ?? {})) expect(KNOWN_TYPES[section]).toContain(id.split('/')[0]);
    }
  });

  it('puts memory_limiter first in every pipeline and batching after sampling', () => {
    for (const [id, p] of pipelines) {
      expect({ id, first: p.processors?.[0] }).toEqual({ id, first: 'memory_limiter' });
      const procs = p.processors ?? [];
      if (procs.includes('tail_sampling')) expect(procs.indexOf('batch')).toBeGreaterThan(procs.indexOf('tail_sampling'));
    }
  });

  it('takes every endpoint from an env var and has no secret inline', () => {
    for (const { path, key, value } of leaves(cfg)) {
      if (/(^|_)endpoint$/.test(key)) expect({ path, value }).toEqual({ path, value: expect.stringMatching(ENV_TEMPLATE) });
      if (/authorization|password|passwd|token|secret|api[_-]?key|bearer|credential/i.test(key)) {
        expect({ path, value }).toEqual({ path, value: expect.stringMatching(ENV_TEMPLATE) });
      }
      if (typeof value === 'string') expect({ path, value }).not.toEqual({ path, value: expect.stringMatching(/\b(Bearer|Basic)\s+\S|:\/\/[^/\s:@]+:[^/\s@]+@/) });
    }
  });
});

describe('otelcol validate (the collector built here)', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'scaletrace-otelcol-validate-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts config.yaml', () => {
    expect(validateCollectorConfig([join(root, 'otel-collector', 'config.yaml')])).toMatchObject({ code: 0 });
  }, 120_000);

  it('accepts config.yaml + k8s-cluster.yaml with only its image-only receivers swapped for otlp', () => {
    const file = writeK8sClusterStandIn(dir);
    expect(validateCollectorConfig([join(root, 'otel-collector', 'config.yaml'), file])).toMatchObject({ code: 0 });
  }, 120_000);

  it('refuses k8s-cluster.yaml as is only for the receivers it cannot build', () => {
    const r = validateCollectorConfig([join(root, 'otel-collector', 'config.yaml'), join(root, 'otel-collector', 'k8s-cluster.yaml')]);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/k8s_cluster|k8sobjects/);
  }, 120_000);
});

describe('config.yaml pipelines', () => {
  it('feeds every span to span_metrics and a tail-sampled copy to Tempo; metrics and logs to Prometheus and Loki', () => {
    const p = base.service.pipelines;
    expect(p['traces/all']).toEqual({ receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['span_metrics'] });
    expect(p['traces/sampled']?.processors).toContain('tail_sampling');
    expect(p['traces/sampled']?.exporters).toEqual(['otlp_grpc/tempo']);
    expect(p.metrics?.receivers?.sort()).toEqual(['otlp', 'span_metrics']);
    expect(p.metrics?.exporters).toEqual(['prometheus_remote_write']);
    expect(p.logs?.exporters).toEqual(['otlp_http/loki']);
    const otlp = base.receivers?.otlp as { protocols: Record<string, unknown> };
    expect(Object.keys(otlp.protocols).sort()).toEqual(['grpc', 'http']);
  });

  it('keeps every error trace, the run/stage/scaling spans, every slow trace (threshold from the environment) and a share of the rest', () => {
    const ts = base.processors?.tail_sampling as { policies: Array<Record<string, Record<string, unknown> | string>> };
    const byType = Object.fromEntries(ts.policies.map((pol) => [pol.type as string, pol]));
    expect(Object.keys(byType).sort()).toEqual(['latency', 'ottl_condition', 'probabilistic', 'status_code']);
    const internal = (byType.ottl_condition?.ottl_condition as { span: string[] }).span.join('\n');
    for (const attr of ['loadtest.run.status', 'loadtest.stage', 'loadtest.scaling.direction']) expect(internal).toContain(`span.attributes["${attr}"]`);
    expect(byType.status_code?.status_code).toEqual({ status_codes: ['ERROR'] });
    expect((byType.latency?.latency as Record<string, string>).threshold_ms).toMatch(/^\$\{env:SLOW_SPAN_THRESHOLD_MS:-\d+\}$/);
    expect((byType.probabilistic?.probabilistic as Record<string, string>).sampling_percentage).toMatch(ENV_TEMPLATE);
  });

  it('span_metrics: exemplars on, seconds (the panels\' unit), flushed every 5 s; the names docs/telemetry.md and the dashboards use; resources become labels', () => {
    const sm = base.connectors?.span_metrics as { exemplars: { enabled: boolean }; namespace: string; histogram: { unit: string }; metrics_flush_interval: string };
    expect(sm.exemplars.enabled).toBe(true);
    expect(sm.histogram.unit).toBe('s');
    expect(sm.metrics_flush_interval).toBe('5s');
    expect(sm.namespace).toBe('traces.span.metrics');
    const telemetryDoc = readFileSync(join(root, 'docs', 'telemetry.md'), 'utf8');
    expect(telemetryDoc).toContain('traces_span_metrics_calls_total');
    expect(telemetryDoc).toContain('traces_span_metrics_duration_seconds_{bucket,sum,count}');
    expect(readFileSync(join(root, 'dashboards', 'src', 'query', 'names.ts'), 'utf8')).toContain("duration: 'traces_span_metrics_duration_seconds'");
    const prw = base.exporters?.prometheus_remote_write as { resource_constant_labels: { included: string[] } };
    expect(prw.resource_constant_labels.included).toEqual(['*']);
  });

  it('documents every environment variable it reads in docs/deploy.md', () => {
    const deployDoc = readFileSync(join(root, 'docs', 'deploy.md'), 'utf8');
    const vars = new Set<string>();
    for (const { value } of leaves(withK8s)) {
      for (const m of String(value).matchAll(/\$\{env:([A-Za-z0-9_]+)/g)) vars.add(m[1] as string);
    }
    expect(vars.size).toBeGreaterThan(5);
    for (const v of vars) expect({ v, documented: deployDoc.includes(`\`${v}\``) }).toEqual({ v, documented: true });
  });
});

describe('mergeConfigs (how the collector combines --config files)', () => {
  it('merges maps key by key and replaces lists', () => {
    expect(mergeConfigs({ a: { b: 1, l: [1] } }, { a: { c: 2, l: [2] } })).toEqual({ a: { b: 1, c: 2, l: [2] } });
  });
});

/** The collector's merge of several --config files: maps merge recursively, any other value (lists too) is replaced. */
function mergeConfigs<T>(a: T, b: unknown): T {
  if (!isMap(a) || !isMap(b)) return b as T;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? mergeConfigs(out[k], v) : v;
  return out as T;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function leaves(v: unknown, path = ''): Array<{ path: string; key: string; value: unknown }> {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${path}[${i}]`));
  if (!isMap(v)) return [{ path, key: path.split('.').pop() ?? '', value: v }];
  return Object.entries(v).flatMap(([k, x]) => leaves(x, path ? `${path}.${k}` : k));
}
