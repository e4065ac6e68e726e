import { FieldType, getFieldDisplayName, LoadingState, type DataFrame, type ThresholdsConfig } from '@grafana/data';
import { sceneGraph, SceneQueryRunner, VizPanel, VizPanelMenu } from '@grafana/scenes';

import { activate } from '../../test/activate';
import { respondWith, sentQueries, setupSceneTestEnv } from '../../test/sceneTestEnv';
import { tempoSpan, tempoSpanTable, unixNanos } from '../../test/tempoFrames';
import { runScene } from './runScene';

const RUN = 'r-7';
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

const panel = (scene: ReturnType<typeof runScene>, title: string): VizPanel =>
  sceneGraph.findObject(scene, (o) => o instanceof VizPanel && o.state.title === title) as VizPanel;
const exprs = (p: VizPanel): string[] =>
  ((p.state.$data as SceneQueryRunner).state.queries as unknown as Array<{ expr: string }>).map((q) => q.expr);
const redAt = (p: VizPanel) => p.state.fieldConfig.defaults.thresholds?.steps.find((s) => s.color === 'red')?.value;

/** One episode span as the generator exports it (docs/telemetry.md) and Tempo returns it. */
function episode(spanId: string, startMs: number, attrs: Record<string, string | number>) {
  return {
    traceID: 'run-trace',
    startTimeUnixNano: unixNanos(T0),
    spanSets: [
      {
        spans: [
          tempoSpan({
            spanId,
            name: 'scale up web',
            startMs,
            durationNs: 90e9,
            attributes: { 'loadtest.run.id': RUN, 'k8s.hpa.name': 'web', 'loadtest.scaling.direction': 'up', ...attrs },
          }),
        ],
      },
    ],
  };
}

describe('Run page: did it scale fast enough?', () => {
  beforeEach(setupSceneTestEnv);

  it('draws lag against the 60 s threshold, the HPA metric vs its target and pod CPU for this run', () => {
    const scene = runScene(RUN, {});
    const hpa = 'loadtest_run_id="r-7", k8s_namespace_name=~".+", k8s_hpa_name=~".+"';
    const up = `${hpa}, loadtest_scaling_direction="up", loadtest_scaling_phase="total"`;
    const lag = panel(scene, 'Scale-up lag per HPA');
    expect(exprs(lag)).toEqual([
      `max by (k8s_namespace_name, k8s_hpa_name) (loadtest_scaling_lag_seconds_sum{${up}} / loadtest_scaling_lag_seconds_count{${up}})`,
    ]);
    expect(lag.state.fieldConfig.defaults.custom).toMatchObject({ thresholdsStyle: { mode: 'line' } });
    expect(redAt(lag)).toBe(60);
    for (const title of ['Detection lag', 'Actuation lag', 'Total scaling lag']) {
      expect(redAt(panel(scene, title))).toBe(60);
    }
    expect(exprs(panel(scene, 'HPA metric vs target'))).toEqual([
      `max by (k8s_namespace_name, k8s_hpa_name, metric, kind) (loadtest_hpa_utilization_percent{${hpa}})`,
    ]);
    expect(exprs(panel(scene, 'Pod CPU'))).toEqual([
      'sum by (k8s_pod_name) (k8s_pod_cpu_usage{loadtest_run_id="r-7", k8s_namespace_name=~".+"})',
    ]);
    for (const title of ['Scale-up lag per HPA', 'HPA metric vs target', 'Pod CPU', 'Scaling episodes']) {
      expect(panel(scene, title).state.menu).toBeInstanceOf(VizPanelMenu);
    }
  });

  it('takes the lag threshold from the app settings when they carry one', () => {
    const scene = runScene(RUN, { scalingLagS: 30 } as never);
    expect(redAt(panel(scene, 'Scale-up lag per HPA'))).toBe(30);
    expect(redAt(panel(scene, 'Total scaling lag'))).toBe(30);
  });

  it("tabulates this run's episodes from Tempo with numeric lag and deficit, red past the threshold", async () => {
    respondWith((req) =>
      req.targets[0]?.refId === 'episodes'
        ? {
            state: LoadingState.Done,
            series: [
              tempoSpanTable(
                [
                  episode('s1', T0 + 30_000, {
                    'loadtest.scaling.from': 1,
                    'loadtest.scaling.to': 4,
                    'loadtest.scaling.lag.detection_s': 15.5,
                    'loadtest.scaling.lag.actuation_s': 62,
                    'loadtest.scaling.lag.total_s': 77.5,
                    'loadtest.scaling.deficit_replica_seconds': 180,
                  }),
                ],
                'episodes'
              ),
            ],
          }
        : { series: [] }
    );
    const scene = runScene(RUN, {});
    await activate(scene);
    expect(sentQueries('tempo-1')).toContain(
      '{ name =~ "scale (up|down) .+" && span."k8s.hpa.name" =~ ".+" && span."loadtest.run.id" = "r-7" } | select(span."loadtest.run.id", span."k8s.hpa.name", span."loadtest.scaling.direction", span."loadtest.scaling.from", span."loadtest.scaling.to", span."loadtest.scaling.lag.detection_s", span."loadtest.scaling.lag.actuation_s", span."loadtest.scaling.lag.total_s", span."loadtest.scaling.deficit_replica_seconds")'
    );

    const table = panel(scene, 'Scaling episodes');
    const frame = sceneGraph.getData(table).state.data!.series[0] as DataFrame;
    // Organize renames through the display name; the table shows that.
    const names = frame.fields.map((f) => getFieldDisplayName(f, frame));
    const byName = new Map(frame.fields.map((f, i) => [names[i], f]));
    expect(names.slice(0, 9)).toEqual([
      'Start',
      'HPA',
      'Direction',
      'From',
      'To',
      'Detection',
      'Actuation',
      'Total',
      'Deficit',
    ]);
    expect(names).not.toContain('Run');
    expect(byName.get('Total')!.type).toBe(FieldType.number);
    expect(byName.get('Total')!.values).toEqual([77.5]);
    expect(byName.get('Deficit')!.values).toEqual([180]);

    // Per column, merged over the panel's overrides, as built (the test env's stub plugin drops them on load).
    const config: Record<string, Record<string, unknown>> = {};
    for (const o of panel(runScene(RUN, {}), 'Scaling episodes').state.fieldConfig.overrides) {
      const name = String(o.matcher.options);
      config[name] = { ...config[name], ...Object.fromEntries(o.properties.map((p) => [p.id, p.value])) };
    }
    expect(config.Total).toMatchObject({ unit: 's', 'custom.cellOptions': { type: 'color-text' } });
    expect((config.Total!.thresholds as ThresholdsConfig).steps.find((s) => s.color === 'red')?.value).toBe(60);
    expect(config.Deficit).toMatchObject({ unit: 'suffix: replica·s' });
    expect(config.Deficit!.thresholds).toBeUndefined();
  });
});
