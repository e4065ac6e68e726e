import { act } from '@testing-library/react';
import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as traceqlParser } from '@grafana/lezer-traceql';
import { FieldType, getFieldDisplayName, type DataFrame } from '@grafana/data';
import {
  QueryVariable,
  sceneGraph,
  SceneDataTransformer,
  SceneQueryRunner,
  VizPanel,
  VizPanelMenu,
} from '@grafana/scenes';

import { OnboardingScene } from '../../scenes';
import { activate } from '../../test/activate';
import { interpolatedQueries, respondWith, setupSceneTestEnv, variableValuesWith } from '../../test/sceneTestEnv';
import {
  tempoReturnedAttributes,
  tempoSpan,
  tempoSpanTable,
  unixNanos,
  type TempoEncoding,
} from '../../test/tempoFrames';
import { CreateAlertRulesScene } from './CreateAlertRulesScene';
import { episodesPanel } from './scalingPanels';
import { scalingScene } from './scalingScene';

/** Tempo's episode spans of the HPAs matching `hpa`, across runs, with the table's attributes. */
const episodeSpans = (hpa: string) =>
  `{ name =~ "scale (up|down) .+" && span."k8s.hpa.name" =~ "${hpa}" } | select(span."loadtest.run.id", span."k8s.hpa.name", span."loadtest.scaling.direction", span."loadtest.scaling.from", span."loadtest.scaling.to", span."loadtest.scaling.lag.detection_s", span."loadtest.scaling.lag.actuation_s", span."loadtest.scaling.lag.total_s", span."loadtest.scaling.deficit_replica_seconds")`;

function runnerOf(panel: VizPanel): SceneQueryRunner {
  const data = panel.state.$data;
  return (data instanceof SceneDataTransformer ? data.state.$data : data) as SceneQueryRunner;
}

describe('Scaling scene', () => {
  beforeEach(setupSceneTestEnv);

  it('compares HPAs across runs: episodes from Tempo, time at max from Prometheus, pod failures from Loki', () => {
    const scene = scalingScene({});
    const panels = new Map(
      (sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[]).map((p) => [p.state.title, p])
    );
    expect([...panels.keys()]).toEqual([
      'Scaling lag per episode, across runs',
      'Mean scale-up lag per HPA',
      'Time at max replicas',
      'Pod failures',
    ]);
    const q = (title: string) =>
      runnerOf(panels.get(title)!).state.queries[0] as unknown as { expr?: string; query?: string };
    expect(q('Scaling lag per episode, across runs').query).toBe(episodeSpans('$hpa'));
    const hpa = 'k8s_namespace_name=~"$namespace", k8s_hpa_name=~"$hpa"';
    expect(q('Time at max replicas').expr).toBe(
      `sum by (k8s_namespace_name, k8s_hpa_name) (sum_over_time((max by (k8s_namespace_name, k8s_hpa_name) (k8s_hpa_current_replicas{${hpa}}) >= bool max by (k8s_namespace_name, k8s_hpa_name) (k8s_hpa_max_replicas{${hpa}}))[$__range:5s])) * 5`
    );
    expect(q('Pod failures').expr).toBe(
      'sum by (k8s_hpa_name, k8s_event_reason) (count_over_time({service_name="scaletrace"} | k8s_object_kind="Pod" | severity_text=~"WARN|ERROR" | k8s_namespace_name=~"$namespace" | k8s_hpa_name=~"$hpa" [$__range]))'
    );
    expect(sceneGraph.findObject(scene, (o) => o instanceof CreateAlertRulesScene)).toBeTruthy();
  });

  it('interpolates the HPA variables as regular expressions (All = any HPA)', async () => {
    variableValuesWith(() => [{ text: 'web' }, { text: 'api' }]);
    const scene = scalingScene({ tempoUid: 'tempo-1' });
    const hpa = sceneGraph.lookupVariable('hpa', scene.state.body) as QueryVariable;
    expect(hpa.state.query).toEqual({
      refId: 'hpa',
      query: 'label_values(k8s_hpa_current_replicas{k8s_namespace_name=~"$namespace"}, k8s_hpa_name)',
    });
    await activate(scene);
    expect(interpolatedQueries('tempo-1')).toEqual([episodeSpans('.+')]);
    expect(hpa.state.options.map((o) => o.value)).toEqual(['web', 'api']);
  });

  it('sends TraceQL and LogQL that Grafana\u2019s grammars parse', async () => {
    variableValuesWith(() => [{ text: 'web' }, { text: 'api' }]);
    await activate(scalingScene({ tempoUid: 'tempo-1', lokiUid: 'loki-1' }));
    const errorsIn = (parser: typeof traceqlParser, query: string) => {
      let errors = 0;
      parser.parse(query).iterate({ enter: (n) => void (errors += n.type.isError ? 1 : 0) });
      return { query, errors };
    };
    const sent = [
      ...interpolatedQueries('tempo-1').map((q) => errorsIn(traceqlParser, q)),
      // Grafana's Loki data source itself turns `$__range` into the range in seconds.
      ...interpolatedQueries('loki-1').map((q) => errorsIn(logqlParser, q.replaceAll('$__range', '3600s'))),
    ];
    expect(sent.length).toBe(2);
    expect(sent).toEqual(sent.map(({ query }) => ({ query, errors: 0 })));
  });

  it('narrows every panel to the HPAs picked', async () => {
    variableValuesWith(() => [{ text: 'web' }, { text: 'api' }]);
    const scene = scalingScene({ prometheusUid: 'prom-1', tempoUid: 'tempo-1' });
    await activate(scene);
    await act(async () => (sceneGraph.lookupVariable('hpa', scene.state.body) as QueryVariable).changeValueTo(['web']));
    expect(interpolatedQueries('tempo-1')).toContain(episodeSpans('web'));
    const hpa = 'k8s_namespace_name=~".+", k8s_hpa_name=~"web"';
    expect(interpolatedQueries('prom-1')).toContain(
      `sum by (k8s_namespace_name, k8s_hpa_name) (sum_over_time((max by (k8s_namespace_name, k8s_hpa_name) (k8s_hpa_current_replicas{${hpa}}) >= bool max by (k8s_namespace_name, k8s_hpa_name) (k8s_hpa_max_replicas{${hpa}}))[$__range:5s])) * 5`
    );
  });
});

describe('Scaling lag per episode', () => {
  beforeEach(setupSceneTestEnv);

  const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

  /** An episode span as the generator exports it, answered by Tempo for the panel's query. */
  function episode(
    query: string,
    e: { traceId: string; spanId: string; runId: string; lags: number[]; deficit: number; encoding?: TempoEncoding }
  ) {
    const [detection, actuation, total] = e.lags;
    return {
      traceID: e.traceId,
      rootServiceName: 'scaletrace',
      rootTraceName: 'scale up web',
      startTimeUnixNano: unixNanos(T0),
      spanSets: [
        {
          spans: [
            tempoSpan({
              spanId: e.spanId,
              name: 'scale up web',
              startMs: T0,
              durationNs: (total ?? 1) * 1e9,
              encoding: e.encoding,
              attributes: tempoReturnedAttributes(query, {
                'loadtest.run.id': e.runId,
                'k8s.hpa.name': 'web',
                'k8s.namespace.name': 'demo',
                'loadtest.scaling.direction': 'up',
                'loadtest.scaling.from': 2,
                'loadtest.scaling.to': 4,
                'loadtest.scaling.t0_source': 'utilization',
                'loadtest.scaling.complete': actuation !== undefined,
                'loadtest.scaling.lag.detection_s': detection,
                'loadtest.scaling.lag.actuation_s': actuation,
                'loadtest.scaling.lag.total_s': total,
                'loadtest.scaling.deficit_replica_seconds': e.deficit,
              }),
            }),
          ],
        },
      ],
    };
  }

  async function episodesTable(): Promise<DataFrame> {
    respondWith((req) => {
      const target = req.targets[0] as unknown as { refId: string; query: string };
      if (target.refId !== 'episodes') {
        return { series: [] };
      }
      return {
        series: [
          tempoSpanTable(
            [
              // Over HTTP an int 0 arrives as "0"; over Grafana's streaming search it is left out.
              episode(target.query, { traceId: 't1', spanId: 's1', runId: 'r-1', lags: [0, 9.5, 9.5], deficit: 19 }),
              episode(target.query, {
                traceId: 't2',
                spanId: 's2',
                runId: 'r-2',
                lags: [0, 100, 100],
                deficit: 0,
                encoding: 'stream',
              }),
              episode(target.query, { traceId: 't3', spanId: 's3', runId: 'r-3', lags: [12.5], deficit: 37.5 }),
            ],
            'episodes'
          ),
        ],
      };
    });
    const scene = scalingScene({ tempoUid: 'tempo-1' });
    await activate(scene);
    const panel = sceneGraph.findObject(
      scene,
      (o) => o instanceof VizPanel && o.state.title === 'Scaling lag per episode, across runs'
    ) as VizPanel;
    return panel.state.$data!.state.data!.series[0]!;
  }

  const column = (frame: DataFrame, title: string) =>
    frame.fields.find((f) => getFieldDisplayName(f, frame) === title)!;

  it('shows the run of each episode and the lags as numbers, 0 included', async () => {
    const frame = await episodesTable();
    expect(frame.fields.map((f) => getFieldDisplayName(f, frame)).slice(0, 10)).toEqual([
      'Start',
      'Run',
      'HPA',
      'Direction',
      'From',
      'To',
      'Detection',
      'Actuation',
      'Total',
      'Deficit',
    ]);
    const values = (title: string) => [...column(frame, title).values];
    expect(values('Run')).toEqual(['r-1', 'r-2', 'r-3']);
    for (const title of ['From', 'To', 'Detection', 'Actuation', 'Total', 'Deficit']) {
      expect({ title, type: column(frame, title).type }).toEqual({ title, type: FieldType.number });
    }
    // Numbers sort as numbers (as text "100" < "9.5"); the streamed zeros come out empty.
    expect(values('Total')).toEqual([9.5, 100, null]);
    expect(values('Detection')).toEqual([0, null, 12.5]);
    expect(values('Deficit')).toEqual([19, null, 37.5]);
  });

  it('gives the numeric columns units, and says what an empty cell means', () => {
    // Read before activation: the test panel plugin has no option registry to keep them by.
    const panel = episodesPanel();
    const overrides = Object.fromEntries(
      panel.state.fieldConfig.overrides.map((o) => [
        o.matcher.options,
        Object.fromEntries(o.properties.map((p) => [p.id, p.value])),
      ])
    );
    expect(overrides).toEqual({
      From: { unit: 'none', noValue: '0' },
      To: { unit: 'none', noValue: '0' },
      Detection: { unit: 's', noValue: '0' },
      Actuation: { unit: 's', noValue: 'not reached' },
      Total: { unit: 's', noValue: 'not reached' },
      Deficit: { unit: 'suffix: replica·s', noValue: '0' },
    });
  });

  it('keeps the span ID and its link to the trace', async () => {
    const frame = await episodesTable();
    const span = column(frame, 'Span ID');
    expect([...span.values]).toEqual(['s1', 's2', 's3']);
    expect(span.config.links?.[0]?.internal?.query).toEqual({
      query: '${__data.fields.traceIdHidden}',
      queryType: 'traceql',
    });
    expect([...frame.fields.find((f) => f.name === 'traceIdHidden')!.values]).toEqual(['t1', 't2', 't3']);
  });
});

describe('Scaling page resilience', () => {
  beforeEach(setupSceneTestEnv);

  it('says which configured data sources are missing', () => {
    const scene = scalingScene({ prometheusUid: 'prom-1', tempoUid: 'old-tempo', lokiUid: 'old-loki' });
    const onboarding = sceneGraph.findObject(scene, (o) => o instanceof OnboardingScene) as OnboardingScene;
    expect(onboarding.state.missing).toEqual([
      { kind: 'tempo', uid: 'old-tempo', configured: true },
      { kind: 'loki', uid: 'old-loki', configured: true },
    ]);
    expect(
      sceneGraph.findObject(
        scalingScene({ prometheusUid: 'prom-1', tempoUid: 'tempo-1' }),
        (o) => o instanceof OnboardingScene
      )
    ).toBeNull();
  });

  it('gives every panel an Explore menu item for its own data source', async () => {
    variableValuesWith(() => [{ text: 'web' }]);
    const scene = scalingScene({ prometheusUid: 'prom-1', tempoUid: 'tempo-1', lokiUid: 'loki-1' });
    await activate(scene);
    const panels = sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
    const explore = panels.map((p) => {
      const item = (p.state.menu as VizPanelMenu | undefined)?.state.items?.[0];
      const href = item?.href ?? '';
      const pane = href ? JSON.parse(new URLSearchParams(href.split('?')[1]).get('panes')!).scaletrace : undefined;
      return { title: p.state.title, text: item?.text, datasource: pane?.datasource, range: pane?.range };
    });
    const range = { from: 'now-7d', to: 'now' };
    expect(explore).toEqual([
      { title: 'Scaling lag per episode, across runs', text: 'Explore', datasource: 'tempo-1', range },
      { title: 'Mean scale-up lag per HPA', text: 'Explore', datasource: 'prom-1', range },
      { title: 'Time at max replicas', text: 'Explore', datasource: 'prom-1', range },
      { title: 'Pod failures', text: 'Explore', datasource: 'loki-1', range },
    ]);
  });
});
