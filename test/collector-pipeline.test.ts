import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  alertRules, DASHBOARD_QUERIES, DEFAULT_ALERT_THRESHOLDS, runsDurationSeconds, runsErrorPercent, runsInfo,
  runsLatencyQuantile, runsMaxReplicas, runsMeanRps, runsRequests, runsStart, runsWorstScalingLag, VARIABLE_QUERIES,
  type DashboardQueryId,
} from '../dashboards/src/queries';
import { datasourcesFile } from '../dashboards/src/provisioning/datasources';
import { startDemoCluster, type DemoCluster } from '../generator/src/demo-cluster';
import { kubernetesSection } from './helpers/kubernetes-section';
import { cleanEnv, runCli } from './helpers/cli';
import { startPrometheus, type PrometheusServer, type PromSeries } from './helpers/prometheus';
import { startRemoteWriteTranslator, type RemoteWriteTranslator } from './fixtures/otlp-remote-write-translator';

/*
 * Proves the contract's Prometheus names against a REAL Prometheus (Debian's 2.42, remote-write
 * receiver on). The collector cannot run here, so its metrics path is a FIXTURE TRANSLATOR
 * (test/fixtures/otlp-remote-write-translator.ts: OTLP → remote write with the
 * prometheusremotewrite exporter's naming rules, resource_to_telemetry_conversion on, plus an
 * emulation of the spanmetrics connector as otel-collector/config.yaml configures it). Three real
 * runs feed it concurrently:
 *  A: a spike through the CLI against the demo target behind the Kubernetes API simulator (HPA
 *     max 2, pods start in 7 s so a deficit spans a metric export): k8s_hpa_*, scaling lag, 503s;
 *  B: an open model with maxInFlight 1 (dropped arrivals) whose spans go to a closed port (spilled);
 *  C: a closed model (virtual users).
 * Then every dashboard PromQL query and every alert expression of dashboards/src/queries.ts runs
 * over the HTTP API and must return data with the expected labels. TraceQL and LogQL strings
 * cannot run here (no Tempo, no Loki); they are checked by exact strings only.
 */

const RUN_A = 'promtest-spike';
const RUN_B = 'promtest-drops';
const RUN_C = 'promtest-closed';
const NAMESPACE = 'demo';

/** Labels each query's series must carry (non-empty); queries not listed return one unlabelled series. */
const EXPECTED_LABELS: Partial<Record<DashboardQueryId, string[]>> = {
  'run.errorsByType': ['error_type'],
  'run.dropped': ['loadtest_stage'],
  'generator.dropped': ['loadtest_stage'],
  'run.replicasCurrent': ['k8s_namespace_name', 'k8s_hpa_name'],
  'run.replicasDesired': ['k8s_namespace_name', 'k8s_hpa_name'],
  'run.replicasReady': ['k8s_namespace_name', 'k8s_hpa_name'],
  'run.replicasMax': ['k8s_namespace_name', 'k8s_hpa_name'],
  'run.lagDetection': ['k8s_namespace_name', 'k8s_hpa_name'],
  'run.lagActuation': ['k8s_namespace_name', 'k8s_hpa_name'],
  'run.lagTotal': ['k8s_namespace_name', 'k8s_hpa_name'],
  'run.deficitReplicaSeconds': ['k8s_namespace_name', 'k8s_hpa_name'],
  'run.hpaUtilization': ['k8s_namespace_name', 'k8s_hpa_name', 'metric', 'kind'],
  'run.podCpu': ['k8s_pod_name'],
  'run.podMemory': ['k8s_pod_name'],
  'run.annotation.desiredChanged': ['k8s_namespace_name', 'k8s_hpa_name'],
  'scaling.lagDetection': ['k8s_namespace_name', 'k8s_hpa_name'],
  'scaling.lagActuation': ['k8s_namespace_name', 'k8s_hpa_name'],
  'scaling.lagTotal': ['k8s_namespace_name', 'k8s_hpa_name'],
  'run.episodes': ['loadtest_scaling_direction'],
  'scaling.episodes': ['loadtest_scaling_direction'],
  'scaling.deficit': ['k8s_namespace_name', 'k8s_hpa_name'],
  'scaling.timeAtMax': ['k8s_namespace_name', 'k8s_hpa_name'],
  'scaling.replicasCurrent': ['k8s_namespace_name', 'k8s_hpa_name'],
  'scaling.replicasMax': ['k8s_namespace_name', 'k8s_hpa_name'],
  'generator.spanOutcomeRate': ['loadtest_telemetry_outcome'],
  'generator.spanOutcomeTotal': ['loadtest_telemetry_outcome'],
  'generator.cpu': ['loadtest_worker_index'],
};

/** The run whose data a query needs: dropped arrivals only exist in B, virtual users only in C. */
const RUN_OF: Partial<Record<DashboardQueryId, string>> = {
  'run.vus': RUN_C, 'run.dropped': RUN_B, 'generator.dropped': RUN_B,
};

const hasValue = (s: PromSeries): boolean =>
  [...(s.values ?? []), ...(s.value ? [s.value] : [])].some(([, v]) => Number.isFinite(Number(v)));

describe('dashboard and alert queries against a real Prometheus (fed by a fixture OTLP → remote-write translator)', () => {
  let dir: string;
  let prom: PrometheusServer;
  let translator: RemoteWriteTranslator;
  let cluster: DemoCluster;
  let start: number;
  let end: number;
  const vars = (expr: string, runId: string): string => expr
    .replaceAll('$run_id', runId).replaceAll('$namespace', NAMESPACE).replaceAll('$hpa', cluster.hpa)
    .replaceAll('$__rate_interval', '20s').replaceAll('$__range', `${Math.ceil(end - start)}s`);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-promq-'));
    // Pods take 7 s to start, longer than one metric export, so the replica deficit is always sampled.
    // Started side by side; each is kept as soon as it is up, so afterAll stops it even if the other failed.
    await Promise.all([
      startPrometheus().then((p) => { prom = p; }),
      startDemoCluster({ dir, maxReplicas: 2, timing: { podStartDelayMs: 7000 } }).then((c) => { cluster = c; }),
    ]);
    translator = await startRemoteWriteTranslator({ remoteWriteUrl: `${prom.url}/api/v1/write`, spanMetrics: true });
    const scenario = (name: string, lines: string[]): string => {
      const file = path.join(dir, `${name}.yaml`);
      writeFileSync(file, [`name: ${name}`, `target: ${cluster.targetUrl}`, ...lines].join('\n'));
      return file;
    };
    const spike = scenario('spike', [
      'requests:',
      '  - { name: predict, method: POST, path: /predict, body: \'{"x": ${iteration}}\', timeout: 2s }',
      'load:',
      '  model: open',
      '  startRate: 10',
      '  stages:',
      // A baseline of two metric exports after the watcher's start, so desired replicas are seen changing.
      '    - { duration: 12s, rate: 10 }',
      '    - { duration: 1s, rate: 300 }',
      '    - { duration: 12s, rate: 300 }',
      '    - { duration: 1s, rate: 10 }',
      '  maxInFlight: 400',
      ...kubernetesSection(cluster, { metricsPoll: '2s', podHeader: true }),
    ]);
    const drops = scenario('drops', [
      'requests:', '  - { name: health, method: GET, path: /health }',
      'load: { model: open, rate: 200, duration: 12s, maxInFlight: 1 }',
    ]);
    const closed = scenario('closed', [
      'requests:', '  - { name: health, method: GET, path: /health }',
      'load: { model: closed, vus: 2, duration: 12s }',
    ]);
    const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: translator.url, ...extra });
    start = Date.now() / 1000 - 5;
    const results = await Promise.all([
      runCli(['run', spike, '--run-id', RUN_A, '--out', path.join(dir, 'a'), '--quiet'], { env: env(), timeoutMs: 70_000 }),
      // Port 9 on loopback (discard) is closed: every span export fails and is spilled.
      runCli(['run', drops, '--run-id', RUN_B, '--out', path.join(dir, 'b'), '--quiet'], {
        env: env({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '1000' }), timeoutMs: 70_000,
      }),
      runCli(['run', closed, '--run-id', RUN_C, '--out', path.join(dir, 'c'), '--quiet'], { env: env(), timeoutMs: 70_000 }),
    ]);
    for (const r of results) expect([0, 1]).toContain(r.code); // 1 = thresholds failed (none here), never a crash
    end = Date.now() / 1000 + 1;
  }, 150_000); // ~60 s alone on 2 cores; generous for a machine shared by other jobs

  afterAll(async () => {
    await translator?.close();
    await cluster?.close();
    await prom?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the translator wrote every export without a remote-write error', () => {
    expect(translator.failures()).toEqual([]);
    expect(translator.written()).toBeGreaterThan(1000);
  });

  it('every dashboard PromQL query returns data with the expected labels', async () => {
    const empty: string[] = [];
    for (const [id, q] of Object.entries(DASHBOARD_QUERIES) as Array<[DashboardQueryId, { language: string; expr: string }]>) {
      if (q.language !== 'promql') continue;
      const expr = vars(q.expr, RUN_OF[id] ?? RUN_A);
      // Stat queries over $__range are instant queries at the end; the others are graphs over the runs.
      const series = q.expr.includes('$__range') ? await prom.query(expr, end) : await prom.queryRange(expr, start, end, 5);
      if (!series.some(hasValue)) { empty.push(`${id}: ${expr}`); continue; }
      const labels = EXPECTED_LABELS[id];
      for (const s of series) {
        if (labels) for (const l of labels) expect({ id, [l]: s.metric[l] }).toEqual({ id, [l]: expect.stringMatching(/.+/) });
        else expect({ id, metric: s.metric }).toEqual({ id, metric: {} });
      }
    }
    expect(empty).toEqual([]);
  });

  it('values match the runs: replicas reach max 2, shed requests are errors, drops and spills are counted', async () => {
    const last = async (expr: string): Promise<PromSeries[]> => prom.query(expr, end);
    const at = (id: DashboardQueryId, run = RUN_A): string => vars(DASHBOARD_QUERIES[id].expr, run);
    const maxOver = async (id: DashboardQueryId, run?: string): Promise<number> => {
      const series = await prom.queryRange(at(id, run), start, end, 5);
      return Math.max(...series.flatMap((s) => (s.values ?? []).map(([, v]) => Number(v))));
    };
    expect(await maxOver('run.replicasMax')).toBe(2);
    expect(await maxOver('run.replicasReady')).toBe(2);
    expect(await maxOver('scaling.deficit')).toBeGreaterThanOrEqual(1);
    // One pod sheds the spike as 503s; on a slow machine some become 2 s timeouts instead.
    const errorTypes = (await prom.queryRange(at('run.errorsByType'), start, end, 5)).map((s) => s.metric.error_type);
    expect(errorTypes.length).toBeGreaterThan(0);
    for (const t of errorTypes) expect(['503', 'timeout']).toContain(t);
    expect(await maxOver('run.dropped', RUN_B)).toBeGreaterThan(0);
    expect(await maxOver('run.vus', RUN_C)).toBe(2);
    const outcomes = await last(at('generator.spanOutcomeTotal', RUN_B));
    const spilled = outcomes.find((s) => s.metric.loadtest_telemetry_outcome === 'spilled');
    expect(Number(spilled?.value?.[1])).toBeGreaterThan(0);
    const lag = await last(at('run.lagTotal'));
    expect(Number(lag[0]?.value?.[1])).toBeGreaterThan(1);
  });

  it('latency exemplars carry the trace_id label the Prometheus data source links to Tempo (spanmetrics emulation)', async () => {
    const selector = /histogram_quantile\(0\.95, sum by \(le\) \(rate\((.*)\[\$__rate_interval\]\)\)\)/.exec(DASHBOARD_QUERIES['run.spanP95'].expr)?.[1];
    expect(selector).toBeDefined();
    const found = await prom.queryExemplars(vars(selector ?? '', RUN_A), start, end);
    const exemplars = found.flatMap((s) => s.exemplars);
    expect(exemplars.length).toBeGreaterThan(0);
    const destination = (datasourcesFile().datasources as Array<{ type: string; jsonData: { exemplarTraceIdDestinations?: Array<{ name: string }> } }>)
      .find((d) => d.type === 'prometheus')?.jsonData.exemplarTraceIdDestinations?.[0]?.name;
    for (const e of exemplars) expect(e.labels[destination ?? '']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the Runs table queries give one row per run', async () => {
    const range = { range: `${Math.ceil(end - start)}s` };
    const rows = async (expr: string): Promise<Record<string, string>> => {
      const out: Record<string, string> = {};
      for (const s of await prom.query(expr, end)) out[s.metric.loadtest_run_id ?? '?'] = s.value?.[1] ?? '';
      return out;
    };
    const info = await prom.query(runsInfo(range), end);
    expect(info.map((s) => s.metric).sort((a, b) => String(a.loadtest_run_id).localeCompare(String(b.loadtest_run_id)))).toEqual([
      { loadtest_run_id: RUN_C, loadtest_scenario: 'closed', loadtest_model: 'closed', loadtest_run_status: 'passed' },
      { loadtest_run_id: RUN_B, loadtest_scenario: 'drops', loadtest_model: 'open', loadtest_run_status: 'passed' },
      { loadtest_run_id: RUN_A, loadtest_scenario: 'spike', loadtest_model: 'open', loadtest_run_status: 'passed' },
    ]);
    for (const expr of [runsStart(range), runsDurationSeconds(range), runsRequests(range), runsMeanRps(range), runsErrorPercent(range), runsLatencyQuantile(range, 0.95)]) {
      expect(Object.keys(await rows(expr)).sort()).toEqual([RUN_C, RUN_B, RUN_A].sort());
    }
    const duration = await rows(runsDurationSeconds(range));
    expect(Number(duration[RUN_A])).toBeGreaterThan(15);
    expect(Number(duration[RUN_A])).toBeLessThan(60);
    expect(Number((await rows(runsErrorPercent(range)))[RUN_C])).toBe(0);
    expect(Number((await rows(runsErrorPercent(range)))[RUN_A])).toBeGreaterThan(0);
    expect(await rows(runsMaxReplicas(range))).toEqual({ [RUN_A]: '2' });
    expect(Object.keys(await rows(runsWorstScalingLag(range)))).toEqual([RUN_A]);
  });

  it('the template variables list the runs, namespace and HPA', async () => {
    const labelValues = async (q: string): Promise<string[]> => {
      const m = /^label_values\((.*), (\w+)\)$/.exec(vars(q, RUN_A));
      if (!m?.[1] || !m[2]) throw new Error(`not a label_values query: ${q}`);
      return prom.labelValues(m[2], m[1]);
    };
    expect((await labelValues(VARIABLE_QUERIES.runId)).sort()).toEqual([RUN_C, RUN_B, RUN_A].sort());
    expect(await labelValues(VARIABLE_QUERIES.namespace)).toEqual([NAMESPACE]);
    expect(await labelValues(VARIABLE_QUERIES.hpa)).toEqual([cluster.hpa]);
    expect(await labelValues(VARIABLE_QUERIES.anyRunHpa)).toEqual([cluster.hpa]);
  });

  it('every alert expression fires on these runs (test thresholds) and is valid with the defaults', async () => {
    const rules = alertRules({ scalingLagS: 1, notReadyFor: '0m', errorRatio: 0.05, errorWindow: '20s', spanWindow: '1m' });
    const expected: Record<string, Record<string, string>> = {
      ScaleTraceScalingLagHigh: { loadtest_run_id: RUN_A, k8s_namespace_name: NAMESPACE, k8s_hpa_name: cluster.hpa },
      ScaleTraceReplicasNotReady: { k8s_namespace_name: NAMESPACE, k8s_deployment_name: cluster.deployment },
      ScaleTraceHpaAtMaxWithErrors: { loadtest_run_id: RUN_A, k8s_namespace_name: NAMESPACE, k8s_hpa_name: cluster.hpa },
      ScaleTraceGeneratorDroppingSpans: { loadtest_run_id: RUN_B },
    };
    for (const rule of rules) {
      const series = await prom.queryRange(rule.expr, start, end, 5);
      expect({ rule: rule.name, labels: series.map((s) => s.metric) }).toEqual({ rule: rule.name, labels: [expected[rule.name]] });
    }
    for (const rule of alertRules(DEFAULT_ALERT_THRESHOLDS)) await prom.query(rule.expr, end); // throws on a PromQL error
  });
});
