/**
 * The Prometheus column of docs/telemetry.md names what the collector pipeline really produces.
 * A short run with a kubernetes: section (demo target behind the Kubernetes API simulator; no
 * cluster or collector can run here) exports its metrics to the OTLP receiver fixture; each
 * metric's name, unit and kind go through the prometheusremotewrite exporter's naming rules
 * (helpers/prometheus-names.ts, checked below against the rules' documented examples), and the
 * result must appear in docs/telemetry.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDemoCluster, type DemoCluster } from '../generator/src/demo-cluster';
import { cleanEnv, runCli } from './helpers/cli';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';
import { kubernetesSection } from './helpers/kubernetes-section';
import { prometheusName, type MetricKind } from './helpers/prometheus-names';

describe('prometheusName (the exporter\'s OTel → Prometheus naming)', () => {
  it.each([
    ['http.server.duration', 's', 'histogram', 'http_server_duration_seconds'],
    ['requests.count', '1', 'counter', 'requests_count_total'],
    ['memory.usage', 'By', 'gauge', 'memory_usage_bytes'],
    ['cpu.utilization', '1', 'gauge', 'cpu_utilization_ratio'],
    ['k8s.hpa.current_replicas', '{pod}', 'gauge', 'k8s_hpa_current_replicas'],
    ['loadtest.rate.target', '{request}/s', 'gauge', 'loadtest_rate_target_per_second'],
    ['loadtest.hpa.utilization', '%', 'gauge', 'loadtest_hpa_utilization_percent'],
    ['traces.span.metrics.calls', '', 'counter', 'traces_span_metrics_calls_total'],
    ['traces.span.metrics.duration', 'ms', 'histogram', 'traces_span_metrics_duration_milliseconds'],
    ['loadtest.request.duration_seconds', 's', 'histogram', 'loadtest_request_duration_seconds'],
  ] as Array<[string, string, MetricKind, string]>)('%s [%s, %s] → %s', (name, unit, kind, expected) => {
    expect(prometheusName(name, unit, kind)).toBe(expected);
  });
});

describe('docs/telemetry.md Prometheus names = what the collector makes of the exported metrics', () => {
  let dir: string;
  let cluster: DemoCluster;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-promnames-'));
    cluster = await startDemoCluster({ dir });
    receiver = await startOtlpReceiver();
  }, 30_000);
  afterAll(async () => {
    await receiver?.close();
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every metric a run with kubernetes: exports has its collector name in docs/telemetry.md', async () => {
    const file = path.join(dir, 'names.yaml');
    writeFileSync(file, [
      'name: prom-names',
      `target: ${cluster.targetUrl}`,
      'requests:',
      '  - { name: predict, method: POST, path: /predict, body: \'{"x": 1}\', timeout: 2s }',
      'load: { model: open, rate: 10, duration: 4s }',
      ...kubernetesSection(cluster, { metricsPoll: '1s' }),
    ].join('\n'));
    const res = await runCli(['run', file, '--out', path.join(dir, 'out'), '--quiet'], {
      env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }), timeoutMs: 60_000,
    });
    expect(res.code).toBe(0);

    const exported = new Map<string, { unit?: string; kind: MetricKind }>();
    for (const p of receiver.metrics()) {
      // Every ScaleTrace sum is a monotonic counter (ObservableCounter): no UpDownCounters.
      exported.set(p.name, { unit: p.unit, kind: p.kind === 'sum' ? 'counter' : p.kind });
    }
    // The run's own metrics and the watcher's gauges must all be there to be checked.
    for (const n of ['http.client.request.duration', 'loadtest.rate.target', 'loadtest.run.info', 'loadtest.telemetry.spans', 'k8s.hpa.current_replicas', 'k8s.deployment.available']) {
      expect([...exported.keys()]).toContain(n);
    }

    const documented = documentedNames(readFileSync(path.join(__dirname, '..', 'docs', 'telemetry.md'), 'utf8'));
    const missing = [...exported].map(([name, m]) => ({ name, prom: prometheusName(name, m.unit, m.kind), kind: m.kind }))
      .filter(({ prom, kind }) => !(kind === 'histogram' ? documented.has(`${prom}_bucket`) || documented.has(`${prom}_*`) : documented.has(prom)));
    expect(missing).toEqual([]);
  }, 90_000);
});

/** Every backticked name in the doc, with `{a,b}` alternatives expanded. */
function documentedNames(doc: string): Set<string> {
  const out = new Set<string>();
  for (const m of doc.matchAll(/`([a-z_][a-z0-9_{},*]*)`/g)) for (const n of expand(m[1] as string)) out.add(n);
  return out;
}

function expand(s: string): string[] {
  const m = /\{([^{}]*)\}/.exec(s);
  if (!m) return [s];
  return (m[1] as string).split(',').flatMap((alt) => expand(s.slice(0, m.index) + alt + s.slice(m.index + m[0].length)));
}
