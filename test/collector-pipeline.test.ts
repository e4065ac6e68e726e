import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  alertRules, DASHBOARD_QUERIES, DEFAULT_ALERT_THRESHOLDS, runsDurationSeconds, runsErrorPercent, runsInfo,
  runsLatencyQuantile, runsMaxReplicas, runsMeanRps, runsRequests, runsStart, runsWorstScalingLag, VARIABLE_QUERIES,
  runFirstExport, runLastExport,
  type DashboardQueryId,
} from '../dashboards/src/queries';
import { datasourcesFile } from '../dashboards/src/provisioning/datasources';
import { RUNS_COLUMNS } from '../grafana-plugin/src/queries/runsTable';
import { startDemoCluster, type DemoCluster } from '../generator/src/demo-cluster';
import type { Summary } from '../generator/src/results/types';
import { kubernetesSection } from './helpers/kubernetes-section';
import { cleanEnv, runCli } from './helpers/cli';
import { startCollector, type Collector } from './helpers/collector';
import { grafanaRateInterval } from './helpers/grafana-interval';
import { waitFor } from './helpers/wait-for';
import { startPrometheus, type PrometheusServer, type PromSeries } from './helpers/prometheus';
import { recordPluginQueries } from './helpers/record-plugin-queries';
import { startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from './fixtures/otlp-receiver';

/*
 * The shipped pipeline, end to end, for real:
 *   scaletrace runs (+ the demo target's SERVER spans) ─OTLP─► the collector BUILT HERE
 *   (scripts/build-collector.sh) running otel-collector/config.yaml unchanged, only its endpoint
 *   env vars set ─► Debian's Prometheus (remote-write receiver, exemplar storage)
 *                 ─► traces (OTLP/gRPC) and logs (OTLP/HTTP) to test/fixtures/otlp-receiver.ts,
 *                    a PROTOCOL FIXTURE standing for Tempo and Loki (neither can run here),
 *                    decoding with the official OTLP protobuf definitions.
 * Three runs feed it at once:
 *  A: a spike (10 → 300 → 20 req/s, 2+ minutes steady after it) against the demo target behind the
 *     Kubernetes API simulator (HPA 1..2, pods start in 7 s): scale-up, 503s, lags;
 *  B: an open model with maxInFlight 1 (dropped arrivals) whose spans go to a closed port (spilled);
 *  C: a closed model (virtual users).
 * Then every PromQL query of the dashboards, the alert rules and the plugin runs as Grafana would
 * run it ($__rate_interval computed as Grafana does for the provisioned data source, 5 s steps) and
 * must return the expected series with the expected values; exemplars, sampling and logs are
 * checked against what the runs really produced.
 */

const RUN_A = 'e2e-spike';
const RUN_B = 'e2e-drops';
const RUN_C = 'e2e-closed';
const NAMESPACE = 'demo';
const STEP_S = 5;
/** The shipped share of successful traces kept (TRACE_SAMPLE_PERCENTAGE's default in config.yaml). */
const SAMPLE_PERCENTAGE = 5;
const SPAN_KIND_CLIENT = 3;
const STATUS_ERROR = 2;

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

const numbers = (s: PromSeries): number[] =>
  [...(s.values ?? []), ...(s.value ? [s.value] : [])].map(([, v]) => Number(v)).filter(Number.isFinite);

describe('the shipped collector pipeline, end to end (real collector and Prometheus; Tempo/Loki protocol fixture)', () => {
  let dir: string;
  let prom: PrometheusServer;
  let backend: OtlpReceiver;
  let collector: Collector;
  let cluster: DemoCluster;
  let start: number;
  let end: number;
  let rateInterval: string;
  const summaries: Record<string, Summary> = {};
  const vars = (expr: string, runId: string): string => expr
    .replaceAll('$run_id', runId).replaceAll('$namespace', NAMESPACE).replaceAll('$hpa', cluster.hpa)
    .replaceAll('$__rate_interval', rateInterval).replaceAll('$__range', `${Math.ceil(end - start)}s`);
  const clientSpans = (runId: string): DecodedSpan[] =>
    backend.spans().filter((s) => s.kind === SPAN_KIND_CLIENT && s.attributes['loadtest.run.id'] === runId);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-e2e-'));
    // What Grafana would use: the provisioned Prometheus data source's timeInterval is the scrape interval.
    const promDs = (datasourcesFile().datasources as Array<{ type: string; jsonData: { timeInterval?: string } }>).find((d) => d.type === 'prometheus');
    rateInterval = grafanaRateInterval(STEP_S, promDs?.jsonData.timeInterval ?? '15s');
    // Each is kept as soon as it is up, so afterAll stops it even if another failed to start.
    await Promise.all([
      startPrometheus().then((p) => { prom = p; }),
      startOtlpReceiver({ grpc: true }).then((r) => { backend = r; }),
    ]);
    collector = await startCollector({
      tempoGrpcEndpoint: backend.grpcEndpoint ?? '',
      prometheusRemoteWriteUrl: `${prom.url}/api/v1/write`,
      lokiOtlpUrl: backend.url,
      // A user setting: the latency policy out of reach, so the successes' share measures the
      // probabilistic policy alone (spike latencies would otherwise add an unknown number).
      env: { SLOW_SPAN_THRESHOLD_MS: '600000' },
    });
    // The demo target exports its SERVER spans to the collector too, so request traces are whole.
    await startDemoCluster({
      dir, maxReplicas: 2, timing: { podStartDelayMs: 7000 },
      env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpUrl, OTEL_BSP_SCHEDULE_DELAY: '1000' }),
    }).then((c) => { cluster = c; });
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
      '    - { duration: 1s, rate: 20 }',
      // Steady load for the span-metric coverage check (>= 2 minutes).
      '    - { duration: 130s, rate: 20 }',
      '  maxInFlight: 400',
      ...kubernetesSection(cluster, { metricsPoll: '2s', podHeader: true }),
    ]);
    const drops = scenario('drops', [
      'requests:', '  - { name: health, method: GET, path: /health }',
      'load: { model: open, rate: 200, duration: 12s, maxInFlight: 1 }',
    ]);
    const closed = scenario('closed', [
      'requests:', '  - { name: health, method: GET, path: /health }',
      'load: { model: closed, vus: 2, duration: 12s, thinkTime: 5ms }',
    ]);
    const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpUrl, ...extra });
    start = Date.now() / 1000 - 5;
    const results = await Promise.all([
      runCli(['run', spike, '--run-id', RUN_A, '--out', path.join(dir, 'a'), '--quiet'], { env: env(), timeoutMs: 240_000 }),
      // Port 9 on loopback (discard) is closed: every span export fails and is spilled.
      runCli(['run', drops, '--run-id', RUN_B, '--out', path.join(dir, 'b'), '--quiet'], {
        env: env({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '1000' }), timeoutMs: 90_000,
      }),
      runCli(['run', closed, '--run-id', RUN_C, '--out', path.join(dir, 'c'), '--quiet'], { env: env(), timeoutMs: 90_000 }),
    ]);
    for (const r of results) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    for (const [run, sub] of [[RUN_A, 'a'], [RUN_B, 'b'], [RUN_C, 'c']] as const) {
      summaries[run] = JSON.parse(readFileSync(path.join(dir, sub, 'summary.json'), 'utf8')) as Summary;
    }
    const a = summaries[RUN_A] as Summary;
    const c = summaries[RUN_C] as Summary;
    // Conditions, not time: the pipeline has delivered once these hold (each bounded).
    // 1. Span metrics (flushed every 5 s) count every client span of run A.
    await waitFor('span metrics count every request of run A', 60_000, async () => {
      const r = await prom.query(`sum(traces_span_metrics_calls_total{loadtest_run_id="${RUN_A}", span_kind="SPAN_KIND_CLIENT"})`);
      return Number(r[0]?.value?.[1]) === a.totals.requests;
    });
    // 2. Tail sampling has decided every request trace of A and C (decision_wait 10 s after each trace's first span).
    await waitFor('tail sampling decided every request trace', 90_000, async () =>
      await collector.counter('otelcol_processor_tail_sampling_global_count_traces_sampled') >= a.totals.requests + c.totals.requests);
    // 3. …and the kept ones reached the Tempo stand-in (batch timeout 1 s).
    await waitFor('every failed request reached the trace backend', 30_000, async () =>
      clientSpans(RUN_A).filter((s) => s.status.code === STATUS_ERROR).length >= a.totals.failed);
    // 4. Each run's final metric export (at telemetry shutdown, just after the load's end) reached
    //    Prometheus: the collector's remote write may still hold it when the spans above are in.
    let finalExport = 0;
    for (const [run, summary] of [[RUN_A, a], [RUN_C, c]] as const) {
      await waitFor(`the final metric export of ${run} reached Prometheus`, 30_000, async () => {
        const r = await prom.query(`max(timestamp(loadtest_run_info{loadtest_run_id="${run}"}))`);
        const at = Number(r[0]?.value?.[1]);
        if (at < Date.parse(summary.run.endedAt) / 1000) return false;
        finalExport = Math.max(finalExport, at);
        return true;
      });
    }
    // 5. The run-window queries sample the export times on a grid of STEP_S s (a subquery, aligned
    //    to multiples of its step): a final export is seen once a grid point lies after it. The
    //    queries below are evaluated at `end`, so `end` must be past the next grid point.
    await waitFor(`a ${STEP_S} s grid point after the final exports`, (STEP_S + 2) * 1000,
      () => Date.now() / 1000 >= (Math.floor(finalExport / STEP_S) + 1) * STEP_S);
    end = Date.now() / 1000 + 1;
  }, 420_000); // ~3 min alone on 2 cores; generous for a machine shared by other jobs

  afterAll(async () => {
    await cluster?.close();
    await collector?.close();
    await backend?.close();
    await prom?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the collector ran without export errors, and every run exported every span it did not spill', async () => {
    expect(collector.log()).not.toMatch(/"level":"error"|\terror\t/);
    expect(await collector.counter('otelcol_exporter_send_failed_metric_points')).toBe(0);
    expect(await collector.counter('otelcol_exporter_send_failed_spans')).toBe(0);
    for (const run of [RUN_A, RUN_C]) expect(summaries[run]?.telemetry.spans).toMatchObject({ spilled: 0, dropped: 0 });
    expect(summaries[RUN_A]?.totals.failed).toBeGreaterThan(0);
  });

  it('every dashboard PromQL query returns data with the expected labels', async () => {
    const empty: string[] = [];
    for (const [id, q] of Object.entries(DASHBOARD_QUERIES) as Array<[DashboardQueryId, { language: string; expr: string }]>) {
      if (q.language !== 'promql') continue;
      const expr = vars(q.expr, RUN_OF[id] ?? RUN_A);
      // Stat queries over $__range are instant queries at the end; the others are graphs over the runs.
      const series = q.expr.includes('$__range') ? await prom.query(expr, end) : await prom.queryRange(expr, start, end, STEP_S);
      if (!series.some((s) => numbers(s).length > 0)) { empty.push(`${id}: ${expr}`); continue; }
      const labels = EXPECTED_LABELS[id];
      for (const s of series) {
        if (labels) for (const l of labels) expect({ id, [l]: s.metric[l] }).toEqual({ id, [l]: expect.stringMatching(/.+/) });
        else expect({ id, metric: s.metric }).toEqual({ id, metric: {} });
      }
    }
    expect(empty).toEqual([]);
  });

  it('values equal the runs: replicas, scaling lag within one HPA sync of the simulator, errors as in the summary', async () => {
    const a = summaries[RUN_A] as Summary;
    const at = (id: DashboardQueryId, run = RUN_A): string => vars(DASHBOARD_QUERIES[id].expr, run);
    const maxOver = async (id: DashboardQueryId, run?: string): Promise<number> =>
      Math.max(...(await prom.queryRange(at(id, run), start, end, STEP_S)).flatMap(numbers));
    const last = async (expr: string): Promise<number> => Number((await prom.query(expr, end))[0]?.value?.[1]);
    expect(await maxOver('run.replicasMax')).toBe(2);
    expect(await maxOver('run.replicasCurrent')).toBe(2);
    expect(await maxOver('run.replicasReady')).toBe(2);
    expect(await maxOver('scaling.deficit')).toBeGreaterThanOrEqual(1);

    // Scaling lag: the dashboard's value is the watcher's, and both are within one sync of the simulator's truth.
    const up = a.scaling?.hpas.find((h) => h.name === cluster.hpa)?.episodes.filter((e) => e.direction === 'up' && e.complete) ?? [];
    expect(up.length).toBe(1);
    const episode = up[0]!;
    const lagTotal = await last(at('run.lagTotal'));
    expect(lagTotal).toBeCloseTo(episode.lagS.total ?? NaN, 3);
    expect(await last(at('run.lagDetection'))).toBeCloseTo(episode.lagS.detection, 3);
    const t0 = Date.parse(episode.t0);
    const history = cluster.sim.history();
    const decision = history.find((h) => h.kind === 'desired' && h.at >= t0 - cluster.syncPeriodMs && (h.to ?? 0) > (h.from ?? 0));
    const ready = history.find((h) => h.kind === 'podReady' && h.at > (decision?.at ?? Infinity));
    expect(ready).toBeDefined();
    expect(Math.abs(lagTotal - ((ready?.at ?? 0) - t0) / 1000)).toBeLessThanOrEqual(cluster.syncPeriodMs / 1000);

    // Errors: the run's failures per error.type, exactly, from the generator's histogram and from span metrics.
    const failedByType = await prom.query(`sum by (error_type) (max_over_time(http_client_request_duration_seconds_count{loadtest_run_id="${RUN_A}", error_type!=""}[${Math.ceil(end - start)}s]))`, end);
    expect(Object.fromEntries(failedByType.map((s) => [s.metric.error_type, Number(s.value?.[1])]))).toEqual(a.errors);
    const spanErrors = await last(`sum(traces_span_metrics_calls_total{loadtest_run_id="${RUN_A}", span_kind="SPAN_KIND_CLIENT", status_code="STATUS_CODE_ERROR"})`);
    expect(spanErrors).toBe(a.totals.failed);
    const errorTypes = (await prom.queryRange(at('run.errorsByType'), start, end, STEP_S)).map((s) => s.metric.error_type);
    expect(errorTypes.sort()).toEqual(Object.keys(a.errors).sort());
    const percent = await last(vars(DASHBOARD_QUERIES['run.successPercent'].expr, RUN_A));
    expect(percent).toBeCloseTo(100 * (1 - a.totals.failed / a.totals.requests), 6);

    expect(await maxOver('run.dropped', RUN_B)).toBeGreaterThan(0);
    expect(await maxOver('run.vus', RUN_C)).toBe(2);
    const spilled = (await prom.query(at('generator.spanOutcomeTotal', RUN_B), end)).find((s) => s.metric.loadtest_telemetry_outcome === 'spilled');
    expect(Number(spilled?.value?.[1])).toBe(summaries[RUN_B]?.telemetry.spans.spilled);
  });

  it(`span-metric latency has data at >= 95 % of ${STEP_S} s steps over 2+ minutes of steady load ($__rate_interval as Grafana computes it)`, async () => {
    const steady = summaries[RUN_A]?.stages.at(-1);
    expect(steady?.durationS).toBeGreaterThanOrEqual(120);
    const from = Date.parse(steady?.startedAt ?? '') / 1000 + STEP_S;
    const to = from + (steady?.durationS ?? 0) - STEP_S;
    const steps = Math.floor((to - from) / STEP_S) + 1;
    for (const id of ['run.spanP95'] as const) {
      const series = await prom.queryRange(vars(DASHBOARD_QUERIES[id].expr, RUN_A), from, to, STEP_S);
      const withData = series.flatMap(numbers).length;
      process.stdout.write(`${id}: data at ${withData}/${steps} steps (${(100 * withData / steps).toFixed(1)} %) over ${(to - from).toFixed(0)} s, $__rate_interval=${rateInterval}\n`);
      expect(withData / steps).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('latency exemplars carry trace ids of spans in the trace backend, in seconds (the panel\'s unit)', async () => {
    const selector = /histogram_quantile\(0\.95, sum by \(le\) \(rate\((.*)\[\$__rate_interval\]\)\)\)$/.exec(DASHBOARD_QUERIES['run.spanP95'].expr)?.[1];
    expect(selector).toBeDefined();
    const found = await prom.queryExemplars(vars(selector ?? '', RUN_A), start, end);
    const destination = (datasourcesFile().datasources as Array<{ type: string; jsonData: { exemplarTraceIdDestinations?: Array<{ name: string }> } }>)
      .find((d) => d.type === 'prometheus')?.jsonData.exemplarTraceIdDestinations?.[0]?.name ?? '';
    const spans = new Map(clientSpans(RUN_A).map((s) => [s.traceId, s]));
    let errorExemplars = 0;
    let resolved = 0;
    for (const series of found) {
      for (const e of series.exemplars) {
        const traceId = e.labels[destination] ?? '';
        expect(traceId).toMatch(/^[0-9a-f]{32}$/);
        const span = spans.get(traceId);
        // Error spans are always kept: every exemplar of an error series resolves to its trace.
        if (series.seriesLabels.status_code === 'STATUS_CODE_ERROR') { errorExemplars++; expect(span).toBeDefined(); }
        if (!span) continue;
        resolved++;
        // The exemplar is the span's duration in the panel's unit (seconds), not milliseconds.
        expect(Math.abs(Number(e.value) - (span.endMs - span.startMs) / 1000)).toBeLessThan(0.002);
      }
    }
    expect(errorExemplars).toBeGreaterThan(0);
    expect(resolved).toBeGreaterThanOrEqual(errorExemplars);
  });

  it('sampling as shipped: every error trace, run, stage and scaling span is kept; successes at the configured share', () => {
    for (const run of [RUN_A, RUN_C]) {
      const summary = summaries[run] as Summary;
      const spans = clientSpans(run);
      const errors = spans.filter((s) => s.status.code === STATUS_ERROR).length;
      expect({ run, errors }).toEqual({ run, errors: summary.totals.failed });
      const kept = spans.length - errors;
      const successes = summary.totals.requests - summary.totals.failed;
      // Binomial: mean n·p, tolerance 4.5 standard deviations (a false alarm about once in 150k runs).
      const p = SAMPLE_PERCENTAGE / 100;
      const tolerance = 4.5 * Math.sqrt(successes * p * (1 - p));
      process.stdout.write(`${run}: kept ${kept}/${successes} successful traces (${(100 * kept / successes).toFixed(2)} %, expected ${SAMPLE_PERCENTAGE} % ± ${(100 * tolerance / successes).toFixed(2)}), ${errors}/${summary.totals.failed} error traces\n`);
      expect(Math.abs(kept - successes * p)).toBeLessThanOrEqual(tolerance);
      // The run span and every stage span.
      const internal = backend.spans().filter((s) => s.kind === 1 && s.attributes['loadtest.run.id'] === run);
      expect(internal.filter((s) => s.name === `loadtest ${summary.run.scenario}`)).toHaveLength(1);
      expect(internal.filter((s) => /^stage \d+$/.test(s.name))).toHaveLength(summary.stages.length);
    }
    const episodes = summaries[RUN_A]?.scaling?.hpas.flatMap((h) => h.episodes) ?? [];
    const episodeSpans = backend.spans().filter((s) => /^scale (up|down) /.test(s.name) && s.attributes['loadtest.run.id'] === RUN_A);
    expect(episodeSpans.length).toBe(episodes.length);
    // A request trace is whole: the demo target's SERVER span joins the kept CLIENT span.
    const servers = new Set(backend.spans().filter((s) => s.kind === 2).map((s) => s.traceId));
    expect(clientSpans(RUN_A).filter((s) => servers.has(s.traceId)).length).toBeGreaterThan(0);
  });

  it('logs reach the Loki stand-in under service.name scaletrace, rescale events included', () => {
    const logs = backend.logRecords().filter((l) => l.resource['service.name'] === 'scaletrace');
    for (const run of [RUN_A, RUN_B, RUN_C]) {
      expect(logs.some((l) => l.attributes['loadtest.run.id'] === run && String(l.body).startsWith('run started'))).toBe(true);
    }
    expect(logs.some((l) => l.attributes['loadtest.run.id'] === RUN_A && l.attributes['k8s.event.reason'] === 'SuccessfulRescale')).toBe(true);
  });

  it('every metric name in Prometheus is documented in docs/telemetry.md', async () => {
    const names = await prom.labelValues('__name__', '{__name__=~".+"}');
    const documented = documentedNames(readFileSync(path.join(__dirname, '..', 'docs', 'telemetry.md'), 'utf8'));
    const histogram = /^(.*)_(bucket|sum|count)$/;
    const missing = names.filter((n) => !documented.has(n) && !documented.has(`${histogram.exec(n)?.[1] ?? ''}_*`)
      && !documented.has(`${histogram.exec(n)?.[1] ?? ''}_bucket`));
    expect(missing).toEqual([]);
  });

  it('the Runs table queries give one row per run', async () => {
    const range = { range: `${Math.ceil(end - start)}s` };
    const rows = async (expr: string): Promise<Record<string, string>> => {
      const out: Record<string, string> = {};
      for (const s of await prom.query(expr, end)) out[s.metric.loadtest_run_id ?? '?'] = s.value?.[1] ?? '';
      return out;
    };
    const info = await prom.query(runsInfo(range), end);
    expect(info.map((s) => s.metric).sort((x, y) => String(x.loadtest_run_id).localeCompare(String(y.loadtest_run_id)))).toEqual([
      { loadtest_run_id: RUN_C, loadtest_scenario: 'closed', loadtest_model: 'closed', loadtest_run_status: 'passed' },
      { loadtest_run_id: RUN_B, loadtest_scenario: 'drops', loadtest_model: 'open', loadtest_run_status: 'passed' },
      { loadtest_run_id: RUN_A, loadtest_scenario: 'spike', loadtest_model: 'open', loadtest_run_status: 'passed' },
    ]);
    for (const expr of [runsStart(range), runsDurationSeconds(range), runsRequests(range), runsMeanRps(range), runsErrorPercent(range), runsLatencyQuantile(range, 0.95)]) {
      expect(Object.keys(await rows(expr)).sort()).toEqual([RUN_C, RUN_B, RUN_A].sort());
    }
    const requests = await rows(runsRequests(range));
    for (const run of [RUN_A, RUN_B, RUN_C]) expect(Number(requests[run])).toBe(summaries[run]?.totals.requests);
    const duration = Number((await rows(runsDurationSeconds(range)))[RUN_A]);
    // First to last export, with each end bounded as runFirstExport/runLastExport are checked below:
    // the start within one export (+1 s), the end up to the 10 s shutdown bound later.
    const durationOff = duration - (summaries[RUN_A]?.run.durationS ?? 0);
    expect(durationOff).toBeGreaterThanOrEqual(-2 * (STEP_S + 1));
    expect(durationOff).toBeLessThanOrEqual(2 * (STEP_S + 1) + 10);
    expect(Number((await rows(runsErrorPercent(range)))[RUN_C])).toBe(0);
    expect(Number((await rows(runsErrorPercent(range)))[RUN_A])).toBeCloseTo(100 * (summaries[RUN_A]?.totals.errorRate ?? NaN), 6);
    expect(await rows(runsMaxReplicas(range))).toEqual({ [RUN_A]: '2' });
    // The app plugin's Runs table: the same builders, with Grafana's $__range.
    for (const column of RUNS_COLUMNS) {
      const runs = ['maxReplicas', 'worstLag'].includes(column.refId) ? [RUN_A] : [RUN_A, RUN_B, RUN_C];
      expect({ column: column.refId, runs: Object.keys(await rows(vars(column.expr, RUN_A))).sort() }).toEqual({ column: column.refId, runs: runs.sort() });
    }
    // Where the Run page opens: the run's own window, within one export of its start and end.
    const at = async (expr: string): Promise<number> => Number((await prom.query(expr, end))[0]?.value?.[1]);
    const runA = summaries[RUN_A] as Summary;
    expect(Math.abs(await at(runFirstExport({ runId: RUN_A, ...range })) - Date.parse(runA.run.startedAt) / 1000)).toBeLessThanOrEqual(STEP_S + 1);
    // The last export is the final metric export at telemetry shutdown, after the load's end (run.endedAt)
    // and within the documented shutdown bound (the export timeout, default 10 s) of it.
    const lastExport = await at(runLastExport({ runId: RUN_A, ...range })) - Date.parse(runA.run.endedAt) / 1000;
    expect(lastExport).toBeGreaterThanOrEqual(-(STEP_S + 1));
    expect(lastExport).toBeLessThanOrEqual(STEP_S + 1 + 10);
    const worst = Number((await rows(runsWorstScalingLag(range)))[RUN_A]);
    expect(worst).toBeCloseTo(summaries[RUN_A]?.scaling?.hpas[0]?.episodes.find((e) => e.direction === 'up')?.lagS.total ?? NaN, 3);
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
      // The spike's pods take 7 s to start: desired > ready meanwhile (the rule's `for` is not in the expr).
      ScaleTraceScaleUpNotReady: { loadtest_run_id: RUN_A, k8s_namespace_name: NAMESPACE, k8s_hpa_name: cluster.hpa },
      ScaleTraceReplicasNotReady: { k8s_namespace_name: NAMESPACE, k8s_deployment_name: cluster.deployment },
      ScaleTraceHpaAtMaxWithErrors: { loadtest_run_id: RUN_A, k8s_namespace_name: NAMESPACE, k8s_hpa_name: cluster.hpa },
      ScaleTraceGeneratorDroppingSpans: { loadtest_run_id: RUN_B },
    };
    for (const rule of rules) {
      const series = await prom.queryRange(rule.expr, start, end, STEP_S);
      expect({ rule: rule.name, labels: series.map((s) => s.metric) }).toEqual({ rule: rule.name, labels: [expected[rule.name]] });
    }
    for (const rule of alertRules(DEFAULT_ALERT_THRESHOLDS)) await prom.query(rule.expr, end); // throws on a PromQL error
  });

  // Opt-in: the Grafana app's tests replay these answers (grafana-plugin/src/test/recorded-prometheus/README.md).
  const recordTo = process.env.SCALETRACE_RECORD_PROMETHEUS;
  (recordTo ? it : it.skip)('records Prometheus\' answers to the app plugin\'s queries for run A (SCALETRACE_RECORD_PROMETHEUS=<dir>)', async () => {
    const files = await recordPluginQueries(prom, path.resolve(recordTo ?? ''), { runId: RUN_A, now: end, before: start - 60 });
    process.stdout.write(`recorded ${files.join(', ')}\n`);
  });
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
