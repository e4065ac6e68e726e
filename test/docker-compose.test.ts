/**
 * docker-compose.yaml, the local stack for users with Docker. No Docker engine here: its
 * structure, mounts and wiring are checked, and Prometheus' config by the real promtool.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
// semver ships no types; the one function used here.
const semver = require('semver') as { satisfies(version: string, range: string): boolean; minVersion(range: string): { version: string } | null };
interface Service {
  image?: string; build?: string; command?: string[]; entrypoint?: string[];
  environment?: Record<string, string>; volumes?: string[]; ports?: string[];
}
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yaml'), 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const svc = (name: string): Service => compose.services[name] as Service;
const mounts = (s: Service) => (s.volumes ?? []).map((v) => { const [src = '', dst = ''] = v.split(':'); return { src, dst }; });

describe('docker-compose.yaml', () => {
  it('pins every image and publishes ports on loopback only', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      expect({ name, pinned: s.image !== undefined && /:[\w.-]+$/.test(s.image) && !s.image.endsWith(':latest') }).toEqual({ name, pinned: true });
      for (const p of s.ports ?? []) expect(p).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('mounts only paths that exist in the repository (or named volumes it declares)', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const { src } of mounts(s)) {
        if (!src.startsWith('.')) {
          expect({ name, volume: src, declared: src in (compose.volumes ?? {}) }).toEqual({ name, volume: src, declared: true });
        } else if (src === './grafana-plugin/dist') {
          // A build output (dist/ is not committed): the plugin package that builds it must be here.
          const pkg = JSON.parse(readFileSync(join(ROOT, 'grafana-plugin', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
          expect(pkg.scripts?.build).toBeDefined();
        } else {
          expect({ name, src, exists: existsSync(join(ROOT, src)) }).toEqual({ name, src, exists: true });
        }
      }
    }
  });

  it('gives Grafana the plugin and the provisioning the dashboards part ships', () => {
    const g = svc('grafana');
    expect(g.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toContain('scaletrace-loadtest-app');
    const byDst = Object.fromEntries(mounts(g).map((m) => [m.dst, m.src]));
    expect(byDst['/var/lib/grafana/plugins/scaletrace-loadtest-app']).toBe('./grafana-plugin/dist');
    for (const dir of ['datasources', 'alerting']) {
      expect(byDst[`/etc/grafana/provisioning/${dir}`]).toBe(`./dashboards/provisioning/${dir}`);
    }
    // Every ${VAR} the provisioning files use is set, and points at a service of this file.
    for (const dir of ['datasources', 'alerting']) {
      for (const f of readdirSync(join(ROOT, 'dashboards/provisioning', dir))) {
        for (const m of readFileSync(join(ROOT, 'dashboards/provisioning', dir, f), 'utf8').matchAll(/(?<!\$)\$\{([A-Z_][A-Z0-9_]*)\}/g)) {
          const value = g.environment?.[m[1] as string];
          expect({ file: `${dir}/${f}`, v: m[1], set: value !== undefined }).toEqual({ file: `${dir}/${f}`, v: m[1], set: true });
          if (value?.startsWith('http')) expect(Object.keys(compose.services)).toContain(new URL(value).hostname);
        }
      }
    }
    const plugins = parse(readFileSync(join(ROOT, 'compose/grafana/plugins.yaml'), 'utf8')) as { apps: Array<{ type: string }> };
    expect(plugins.apps.map((a) => a.type)).toEqual(['scaletrace-loadtest-app']);
  });

  it('shows each dashboard once: the plugin includes them, so the stack does not file-provision them too', () => {
    const g = svc('grafana');
    const plugin = JSON.parse(readFileSync(join(ROOT, 'grafana-plugin/src/plugin.json'), 'utf8')) as { includes: Array<{ type: string; path: string }> };
    const title = (file: string): string => (JSON.parse(readFileSync(file, 'utf8')) as { title: string }).title;
    // The plugin bundles dashboards/json (grafana-plugin/src/plugin.test.ts checks the copies).
    const included = plugin.includes.filter((i) => i.type === 'dashboard').map((i) => title(join(ROOT, 'dashboards/json', basename(i.path))));
    expect(included.sort()).toEqual(['Generator health', 'Load test run', 'Scaling lag']);
    // Where a path inside the Grafana container comes from on the host, if it is mounted.
    const host = (dst: string): string | undefined => {
      const m = mounts(g).find((x) => dst === x.dst || dst.startsWith(`${x.dst}/`));
      return m && m.src.startsWith('.') ? join(ROOT, m.src, dst.slice(m.dst.length)) : undefined;
    };
    const files = (path: string | undefined, ext: RegExp): string[] => {
      if (path === undefined || !existsSync(path)) return [];
      if (!statSync(path).isDirectory()) return ext.test(path) ? [path] : [];
      return readdirSync(path).flatMap((f) => files(join(path, f), ext));
    };
    // Every dashboard a mounted provider reads, as Grafana would find it.
    const providerFiles = mounts(g).filter((m) => `${m.dst}/`.startsWith('/etc/grafana/provisioning/dashboards/')).flatMap((m) => files(host(m.dst), /\.ya?ml$/));
    const provisioned = providerFiles.flatMap((f) => (parse(readFileSync(f, 'utf8')) as { providers?: Array<{ options?: { path?: string } }> }).providers ?? [])
      .flatMap((p) => files(host(p.options?.path ?? ''), /\.json$/).map(title));
    // Plugin dashboards have no uid, so Grafana keeps a file-provisioned one with the same title beside it.
    expect(provisioned.filter((t) => included.includes(t))).toEqual([]);
    // What users without the plugin mount (docs/dashboards.md#provisioning-grafana) still reads the same dashboards.
    expect(parse(readFileSync(join(ROOT, 'dashboards/provisioning/dashboards/scaletrace.yaml'), 'utf8')).providers[0].options.path).toBe('/etc/grafana/dashboards/scaletrace');
  });

  it('runs the collector on otel-collector/config.yaml, sending to services of this file', () => {
    const c = svc('otel-collector');
    expect(mounts(c)).toContainEqual({ src: './otel-collector', dst: '/etc/otelcol' });
    for (const arg of c.command ?? []) {
      if (arg.startsWith('--config=')) expect(existsSync(join(ROOT, 'otel-collector', arg.slice('--config=/etc/otelcol/'.length)))).toBe(true);
    }
    for (const key of ['TEMPO_OTLP_ENDPOINT', 'PROMETHEUS_REMOTE_WRITE_ENDPOINT', 'LOKI_OTLP_ENDPOINT']) {
      const host = (c.environment?.[key] ?? '').replace(/^https?:\/\//, '').split(/[:/]/)[0] as string;
      expect({ key, host, isService: host in compose.services }).toEqual({ key, host, isService: true });
    }
    // What is tested is what ships: the image is the release otel-collector/distribution builds.
    const manifest = parse(readFileSync(join(ROOT, 'otel-collector/distribution/manifest.yaml'), 'utf8')) as { dist: { version: string } };
    expect(c.image).toBe(`otel/opentelemetry-collector-contrib:${manifest.dist.version}`);
  });

  it('runs a Grafana the app plugin declares it supports (plugin.json grafanaDependency)', () => {
    const plugin = JSON.parse(readFileSync(join(ROOT, 'grafana-plugin/src/plugin.json'), 'utf8')) as { dependencies: { grafanaDependency: string } };
    const version = /^grafana\/grafana:(\d+\.\d+\.\d+)$/.exec(svc('grafana').image ?? '')?.[1];
    expect(version).toBeDefined();
    expect({ version, range: plugin.dependencies.grafanaDependency, ok: semver.satisfies(version as string, plugin.dependencies.grafanaDependency) })
      .toEqual({ version, range: plugin.dependencies.grafanaDependency, ok: true });
     // …and exactly the lowest one, the version `npm run compat` (levitate) checks the plugin against.
    expect(version).toBe(semver.minVersion(plugin.dependencies.grafanaDependency)?.version);
  });

  it('runs Prometheus as a remote-write receiver with exemplar storage, on a config promtool accepts', () => {
    const p = svc('prometheus');
    expect(p.command).toEqual(expect.arrayContaining(['--web.enable-remote-write-receiver', '--enable-feature=exemplar-storage']));
    expect(mounts(p)).toContainEqual({ src: './dashboards/prometheus/rules', dst: '/etc/prometheus/rules' });
    const res = spawnSync('promtool', ['check', 'config', join(ROOT, 'compose', 'prometheus.yaml')], { encoding: 'utf8' });
    if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('promtool is not installed (scripts/install-test-tools.sh installs Debian\'s prometheus package)');
    expect({ code: res.status, out: res.stdout + res.stderr }).toMatchObject({ code: 0 });
  });

  it('configures Loki for OTLP (structured metadata) and Tempo for OTLP/gRPC on 4317', () => {
    const loki = parse(readFileSync(join(ROOT, 'compose/loki.yaml'), 'utf8')) as { limits_config: { allow_structured_metadata: boolean } };
    expect(loki.limits_config.allow_structured_metadata).toBe(true);
    const tempo = parse(readFileSync(join(ROOT, 'compose/tempo.yaml'), 'utf8')) as { distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: string } } } } } };
    expect(tempo.distributor.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(svc('otel-collector').environment?.TEMPO_OTLP_ENDPOINT).toBe('tempo:4317');
  });

  it('raises Tempo\'s limits to what the collector passes at 50k spans/s, errors all kept (docs/deploy.md#tempo-limits)', () => {
    const tempo = parse(readFileSync(join(ROOT, 'compose/tempo.yaml'), 'utf8')) as {
      overrides?: { defaults?: { ingestion?: Record<string, unknown>; global?: { max_bytes_per_trace?: number } } };
    };
    const ingestion = tempo.overrides?.defaults?.ingestion ?? {};
    const spansPerS = 50_000;
    const bytesPerSpan = 400; // the collector's batch: 4096 spans ≈ 1.6 MB of protobuf
    const traceIdleS = 10; // Tempo's ingester trace_idle_period; live up to twice that (flush_check_period)
    // Every span kept (an outage run: all errors, and errors are always kept), one span per trace
    // at worst; the 30 %-errors design point needs a third of this.
    const keptSpansPerS = spansPerS;
    const rate = keptSpansPerS * bytesPerSpan;
    const liveTraces = keptSpansPerS * traceIdleS * 2;
    expect(ingestion.rate_strategy).toBe('local'); // one distributor: the whole limit is its own
    expect(ingestion.rate_limit_bytes).toBeGreaterThanOrEqual(rate);
    expect(ingestion.burst_size_bytes).toBeGreaterThanOrEqual(2 * rate);
    expect(ingestion.max_traces_per_user).toBeGreaterThanOrEqual(liveTraces);
    // A request's trace (generator CLIENT + target SERVER span) fits many times over.
    expect(tempo.overrides?.defaults?.global?.max_bytes_per_trace).toBeGreaterThanOrEqual(2 * bytesPerSpan);
  });
});

