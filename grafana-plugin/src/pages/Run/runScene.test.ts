import { sceneGraph, SceneDataLayerSet, SceneQueryRunner, VizPanel, VizPanelMenu, behaviors, dataLayers } from '@grafana/scenes';
import {
  achievedRps,
  clientSpanLatencyQuantile,
  errorRateByType,
  failedRequests,
  latencyQuantile,
  replicas,
  runFirstExport,
  runLastExport,
  scalingEpisodeSpans,
  scalingLagMeanInRange,
  stageChanges,
  successPercent,
  targetRps,
} from '@scaletrace/dashboards';

import { RANGE, runHpaScope, runScope } from '../../queries';
import { activate } from '../../test/activate';
import { sentQueries, setupSceneTestEnv } from '../../test/sceneTestEnv';
import { FailedRequestsScene } from './failedRequests/FailedRequestsScene';
import { runScene } from './runScene';
import { RunWindow } from './runWindow';

const RUN = 'run-2024-05-01T10:00:00Z-abc';

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
    const s = runScope(RUN);
    const hpa = runHpaScope(RUN);
    expect(exprs(byTitle.get('Target vs achieved RPS'))).toEqual([targetRps(s), achievedRps(s)]);
    expect(exprs(byTitle.get('Latency p50 / p95 / p99'))).toEqual([
      ...[0.5, 0.95, 0.99].map((q) => latencyQuantile(s, q)),
      clientSpanLatencyQuantile(s, 0.95),
    ]);
    expect(exprs(byTitle.get('Errors by error.type'))).toEqual([errorRateByType(s)]);
    expect(exprs(byTitle.get('Replicas per HPA'))).toEqual([
      replicas(hpa, 'current'),
      replicas(hpa, 'desired'),
      replicas(hpa, 'ready'),
    ]);
    // Over the range (last_over_time), like the Runs table: a run that ended long before the range's end still shows.
    expect(exprs(byTitle.get('Detection lag'))).toEqual([scalingLagMeanInRange(hpa, 'detection')]);
    expect(exprs(byTitle.get('Total scaling lag'))).toEqual([scalingLagMeanInRange(hpa, 'total')]);
    expect(exprs(byTitle.get('Total scaling lag'))[0]).toContain('last_over_time(');
    expect(exprs(byTitle.get('Success'))).toEqual([successPercent(s)]);
  });

  it('gives every panel a menu with an Explore item (as the Runs and Scaling pages)', () => {
    const withoutMenu = [...panels(runScene(RUN, {}))].filter(([, p]) => !(p.state.menu instanceof VizPanelMenu)).map(([t]) => t);
    expect(withoutMenu).toEqual([]);
  });

  it('links latency points to traces (exemplars) and draws replicas as steps', () => {
    const byTitle = panels(runScene(RUN, {}));
    const latency = (byTitle.get('Latency p50 / p95 / p99')!.state.$data as SceneQueryRunner).state
      .queries as unknown as Array<{ expr: string; exemplar?: boolean }>;
    // Only the collector's span metrics carry exemplars (trace ids); the generator's histogram has none.
    expect(latency.filter((q) => q.exemplar).map((q) => q.expr)).toEqual([
      clientSpanLatencyQuantile(runScope(RUN), 0.95),
    ]);
    expect(latency.filter((q) => !q.exemplar).map((q) => q.expr)).toEqual(
      [0.5, 0.95, 0.99].map((q) => latencyQuantile(runScope(RUN), q))
    );
    expect(byTitle.get('Replicas per HPA')!.state.fieldConfig.defaults.custom).toMatchObject({
      lineInterpolation: 'stepAfter',
    });
  });

  it('shares the crosshair and marks scaling decisions and stage changes on every panel', () => {
    const scene = runScene(RUN, {});
    expect(scene.state.$behaviors?.some((b) => b instanceof behaviors.CursorSync && b.state.sync === 1)).toBe(true);
    const layers = (scene.state.$data as SceneDataLayerSet).state.layers as dataLayers.AnnotationsDataLayer[];
    expect(layers.map((l) => l.state.name)).toEqual(['Scaling decisions', 'Rescale events', 'Stage changes']);
    expect((layers[2]!.state.query as unknown as { expr: string }).expr).toBe(stageChanges(RUN));
  });

  it("opens on the run's own window, asked from the configured Prometheus", async () => {
    const scene = runScene(RUN, { prometheusUid: 'prom-2' });
    expect(scene.state.$behaviors?.some((b) => b instanceof RunWindow)).toBe(true);
    await activate(scene);
    expect(sentQueries('prom-2')).toEqual(
      expect.arrayContaining([runFirstExport({ runId: RUN, range: RANGE }), runLastExport({ runId: RUN, range: RANGE })])
    );
  });

  it('sends Prometheus, Tempo and Loki queries to the configured data sources', async () => {
    const scene = runScene(RUN, { prometheusUid: 'prom-2', tempoUid: 'tempo-1', lokiUid: 'loki-1' });
    await activate(scene);
    expect(sentQueries('prom-2')).toContain(targetRps(runScope(RUN)));
    expect(sentQueries('prom-1')).toEqual([]);
    expect(sentQueries('tempo-1')).toEqual(
      expect.arrayContaining([failedRequests(RUN), scalingEpisodeSpans({ runId: RUN, hpa: '.+' })])
    );
    expect(sentQueries('loki-1')).toEqual(expect.arrayContaining([stageChanges(RUN)]));
    expect(sceneGraph.findObject(scene, (o) => o instanceof FailedRequestsScene)).toBeTruthy();
  });

  it('falls back to the first data source of each type when none is configured', async () => {
    const scene = runScene(RUN, {});
    await activate(scene);
    expect(sentQueries('prom-1')).toContain(targetRps(runScope(RUN)));
  });
});
