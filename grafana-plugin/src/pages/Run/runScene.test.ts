import {
  sceneGraph,
  SceneDataLayerSet,
  SceneQueryRunner,
  VizPanel,
  VizPanelMenu,
  behaviors,
  dataLayers,
} from '@grafana/scenes';

import { activate } from '../../test/activate';
import { sentQueries, setupSceneTestEnv } from '../../test/sceneTestEnv';
import { FailedRequestsScene } from './failedRequests/FailedRequestsScene';
import { runScene } from './runScene';
import { RunWindow } from './runWindow';

const RUN = 'run-2024-05-01T10:00:00Z-abc';

/* The queries this run's page must send, written out: the run's matcher, Grafana's rate interval and range. */
const RUN_ID = 'loadtest_run_id="run-2024-05-01T10:00:00Z-abc"';
const EVERY_HPA = `${RUN_ID}, k8s_namespace_name=~".+", k8s_hpa_name=~".+"`;
const TARGET_RPS = `sum(loadtest_rate_target_per_second{${RUN_ID}})`;
const latency = (q: number) =>
  `histogram_quantile(${q}, sum by (le) (rate(http_client_request_duration_seconds_bucket{${RUN_ID}}[$__rate_interval])))`;
const SPAN_P95 = `histogram_quantile(0.95, sum by (le) (rate(traces_span_metrics_duration_seconds_bucket{${RUN_ID}, span_kind="SPAN_KIND_CLIENT"}[$__rate_interval])))`;
const lagInRange = (phase: string) => {
  const m = `${EVERY_HPA}, loadtest_scaling_direction="up", loadtest_scaling_phase="${phase}"`;
  return `max by (k8s_namespace_name, k8s_hpa_name) (last_over_time(loadtest_scaling_lag_seconds_sum{${m}}[$__range]) / last_over_time(loadtest_scaling_lag_seconds_count{${m}}[$__range]))`;
};
const STAGE_CHANGES = `{service_name="scaletrace"} | ${RUN_ID} | loadtest_stage!=""`;

function panels(scene: ReturnType<typeof runScene>): Map<string, VizPanel> {
  const all = sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
  return new Map(all.map((p) => [p.state.title, p]));
}

function exprs(panel: VizPanel | undefined): string[] {
  return ((panel?.state.$data as SceneQueryRunner).state.queries as unknown as Array<{ expr: string }>).map(
    (q) => q.expr
  );
}

describe('Run scene', () => {
  beforeEach(setupSceneTestEnv);

  it('has the correlated panels, each querying the shared module for this run', () => {
    const byTitle = panels(runScene(RUN, {}));
    expect([...byTitle.keys()]).toEqual([
      'Detection lag',
      'Actuation lag',
      'Total scaling lag',
      'Replica deficit',
      'Success',
      'Target vs achieved RPS',
      'Latency p50 / p95 / p99',
      'Errors by error.type',
      'Replicas per HPA',
      'Scale-up lag per HPA',
      'HPA metric vs target',
      'Pod CPU',
      'Scaling episodes',
    ]);
    expect(exprs(byTitle.get('Target vs achieved RPS'))).toEqual([
      TARGET_RPS,
      `sum(rate(http_client_request_duration_seconds_count{${RUN_ID}}[$__rate_interval]))`,
    ]);
    expect(exprs(byTitle.get('Latency p50 / p95 / p99'))).toEqual([
      latency(0.5),
      latency(0.95),
      latency(0.99),
      SPAN_P95,
    ]);
    expect(exprs(byTitle.get('Errors by error.type'))).toEqual([
      `sum by (error_type) (rate(http_client_request_duration_seconds_count{${RUN_ID}, error_type!=""}[$__rate_interval]))`,
    ]);
    expect(exprs(byTitle.get('Replicas per HPA'))).toEqual([
      `max by (k8s_namespace_name, k8s_hpa_name) (k8s_hpa_current_replicas{${EVERY_HPA}})`,
      `max by (k8s_namespace_name, k8s_hpa_name) (k8s_hpa_desired_replicas{${EVERY_HPA}})`,
      `max by (k8s_namespace_name, k8s_hpa_name) (k8s_deployment_available{${EVERY_HPA}})`,
    ]);
    // Over the range (last_over_time), like the Runs table: a run that ended long before the range's end still shows.
    expect(exprs(byTitle.get('Detection lag'))).toEqual([lagInRange('detection')]);
    expect(exprs(byTitle.get('Total scaling lag'))).toEqual([lagInRange('total')]);
    expect(exprs(byTitle.get('Success'))).toEqual([
      `100 * (1 - ((sum(max_over_time(http_client_request_duration_seconds_count{${RUN_ID}, error_type!=""}[$__range])) or vector(0)) / sum(max_over_time(http_client_request_duration_seconds_count{${RUN_ID}}[$__range]))))`,
    ]);
  });

  it('gives every panel a menu with an Explore item (as the Runs and Scaling pages)', () => {
    const withoutMenu = [...panels(runScene(RUN, {}))]
      .filter(([, p]) => !(p.state.menu instanceof VizPanelMenu))
      .map(([t]) => t);
    expect(withoutMenu).toEqual([]);
  });

  it('links latency points to traces (exemplars) and draws replicas as steps', () => {
    const byTitle = panels(runScene(RUN, {}));
    const queries = (byTitle.get('Latency p50 / p95 / p99')!.state.$data as SceneQueryRunner).state
      .queries as unknown as Array<{ expr: string; exemplar?: boolean }>;
    // Only the collector's span metrics carry exemplars (trace ids); the generator's histogram has none.
    expect(queries.filter((q) => q.exemplar).map((q) => q.expr)).toEqual([SPAN_P95]);
    expect(queries.filter((q) => !q.exemplar).map((q) => q.expr)).toEqual([latency(0.5), latency(0.95), latency(0.99)]);
    expect(byTitle.get('Replicas per HPA')!.state.fieldConfig.defaults.custom).toMatchObject({
      lineInterpolation: 'stepAfter',
    });
  });

  it('shares the crosshair and marks scaling decisions and stage changes on every panel', () => {
    const scene = runScene(RUN, {});
    expect(scene.state.$behaviors?.some((b) => b instanceof behaviors.CursorSync && b.state.sync === 1)).toBe(true);
    const layers = (scene.state.$data as SceneDataLayerSet).state.layers as dataLayers.AnnotationsDataLayer[];
    expect(layers.map((l) => l.state.name)).toEqual(['Scaling decisions', 'Rescale events', 'Stage changes']);
    expect((layers[2]!.state.query as unknown as { expr: string }).expr).toBe(STAGE_CHANGES);
  });

  it("opens on the run's own window, asked from the configured Prometheus", async () => {
    const scene = runScene(RUN, { prometheusUid: 'prom-2' });
    expect(scene.state.$behaviors?.some((b) => b instanceof RunWindow)).toBe(true);
    await activate(scene);
    expect(sentQueries('prom-2')).toEqual(
      expect.arrayContaining([
        `min(min_over_time(timestamp(loadtest_run_info{${RUN_ID}})[$__range:5s]))`,
        `max(max_over_time(timestamp(loadtest_run_info{${RUN_ID}})[$__range:5s]))`,
      ])
    );
  });

  it('sends Prometheus, Tempo and Loki queries to the configured data sources', async () => {
    const scene = runScene(RUN, { prometheusUid: 'prom-2', tempoUid: 'tempo-1', lokiUid: 'loki-1' });
    await activate(scene);
    expect(sentQueries('prom-2')).toContain(TARGET_RPS);
    expect(sentQueries('prom-1')).toEqual([]);
    const run = 'span."loadtest.run.id" = "run-2024-05-01T10:00:00Z-abc"';
    expect(sentQueries('tempo-1')).toEqual(
      expect.arrayContaining([
        `{ kind = client && status = error && ${run} } | select(span."loadtest.request.name", span."http.response.status_code", span."error.type", span."loadtest.target.pod")`,
        `{ name =~ "scale (up|down) .+" && span."k8s.hpa.name" =~ ".+" && ${run} } | select(span."loadtest.run.id", span."k8s.hpa.name", span."loadtest.scaling.direction", span."loadtest.scaling.from", span."loadtest.scaling.to", span."loadtest.scaling.lag.detection_s", span."loadtest.scaling.lag.actuation_s", span."loadtest.scaling.lag.total_s", span."loadtest.scaling.deficit_replica_seconds")`,
      ])
    );
    expect(sentQueries('loki-1')).toEqual(expect.arrayContaining([STAGE_CHANGES]));
    expect(sceneGraph.findObject(scene, (o) => o instanceof FailedRequestsScene)).toBeTruthy();
  });

  it('falls back to the first data source of each type when none is configured', async () => {
    const scene = runScene(RUN, {});
    await activate(scene);
    expect(sentQueries('prom-1')).toContain(TARGET_RPS);
  });
});
