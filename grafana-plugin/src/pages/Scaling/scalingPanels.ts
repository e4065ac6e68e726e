import { PanelBuilders, SceneDataTransformer, SceneQueryRunner, type VizPanel } from '@grafana/scenes';
import { podFailures, scalingEpisodeSpans, scalingLagMean, timeAtMaxReplicas } from '@scaletrace/dashboards';

import { SCALING_SCOPE } from '../../queries';
import { DATASOURCE_REFS, panelMenu } from '../../scenes';

/* The Scaling page compares HPAs across runs; every query string comes from @scaletrace/dashboards. */

export interface EpisodeColumn {
  attribute: string;
  title: string;
  /** Numeric attributes: Tempo's span table makes every attribute a string field. */
  unit?: string;
  /** What an empty cell means (the panel's own noValue would say "No scaling episodes…"). */
  noValue?: string;
}

/** Span attributes of a scaling episode (docs/telemetry.md), in column order. */
export const EPISODE_COLUMNS: EpisodeColumn[] = [
  { attribute: 'loadtest.run.id', title: 'Run' },
  { attribute: 'k8s.hpa.name', title: 'HPA' },
  { attribute: 'loadtest.scaling.direction', title: 'Direction' },
  // The generator always sets these, so an empty cell is a 0 that Grafana's Tempo data source
  // dropped (it copies an attribute value only when it is truthy).
  { attribute: 'loadtest.scaling.from', title: 'From', unit: 'none', noValue: '0' },
  { attribute: 'loadtest.scaling.to', title: 'To', unit: 'none', noValue: '0' },
  { attribute: 'loadtest.scaling.lag.detection_s', title: 'Detection', unit: 's', noValue: '0' },
  // Set once the new replicas are Ready: empty means the episode ended before that.
  { attribute: 'loadtest.scaling.lag.actuation_s', title: 'Actuation', unit: 's', noValue: 'not reached' },
  { attribute: 'loadtest.scaling.lag.total_s', title: 'Total', unit: 's', noValue: 'not reached' },
  { attribute: 'loadtest.scaling.deficit_replica_seconds', title: 'Deficit', unit: 'suffix: replica·s', noValue: '0' },
];

export const EPISODE_LIMIT = 500;
/** Episodes of one run share its trace: keep them all, not Tempo's default 3 per trace. */
const EPISODES_PER_TRACE = 100;

/**
 * Episode spans from Tempo as table data with `columns` (a subset of EPISODE_COLUMNS, in order):
 * numeric columns converted from Tempo's string fields, the rest of the span table organised.
 * Grafana's span-table frame names fields by attribute key and shows its own fields by display
 * name (`Start time`, `Span ID`); organize matches both. Span ID keeps its link to the trace, which
 * reads the hidden traceIdHidden field.
 */
export function episodesData(traceql: string, columns: readonly EpisodeColumn[]): SceneDataTransformer {
  const spans = new SceneQueryRunner({
    datasource: DATASOURCE_REFS.tempo,
    queries: [
      {
        refId: 'episodes',
        queryType: 'traceql',
        tableType: 'spans',
        query: traceql,
        limit: EPISODE_LIMIT,
        spss: EPISODES_PER_TRACE,
      },
    ],
  });
  const left = EPISODE_COLUMNS.filter((c) => !columns.includes(c)).map((c) => [c.attribute, true]);
  const transformations = [
    {
      id: 'convertFieldType',
      options: {
        conversions: columns
          .filter((c) => c.unit !== undefined)
          .map((c) => ({ targetField: c.attribute, destinationType: 'number' })),
      },
    },
    {
      id: 'organize',
      options: {
        excludeByName: { traceService: true, traceName: true, ...Object.fromEntries(left) },
        indexByName: Object.fromEntries(['Start time', ...columns.map((c) => c.attribute)].map((n, i) => [n, i])),
        renameByName: { 'Start time': 'Start', ...Object.fromEntries(columns.map((c) => [c.attribute, c.title])) },
      },
    },
  ];
  return new SceneDataTransformer({ $data: spans, transformations });
}

/** Units and empty-cell texts of the numeric columns (by their titles, after organize). */
type TableOverrides = Parameters<ReturnType<typeof PanelBuilders.table>['setOverrides']>[0];

export function episodeColumnOverrides(columns: readonly EpisodeColumn[]): TableOverrides {
  return (o) => {
    for (const c of columns) {
      if (c.unit !== undefined) {
        o.matchFieldsWithName(c.title)
          .overrideUnit(c.unit)
          .overrideNoValue(c.noValue ?? '');
      }
    }
  };
}

export function episodesPanel(): VizPanel {
  return PanelBuilders.table()
    .setTitle('Scaling lag per episode, across runs')
    .setDescription(
      'One row per scaling episode span: how long detection and actuation took, and the replica deficit. The span ID opens its trace.'
    )
    .setData(episodesData(scalingEpisodeSpans({ hpa: SCALING_SCOPE.hpa }), EPISODE_COLUMNS))
    .setNoValue('No scaling episodes in this time range')
    .setOverrides(episodeColumnOverrides(EPISODE_COLUMNS))
    .setMenu(panelMenu())
    .build();
}

export function lagOverTimePanel(): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Mean scale-up lag per HPA')
    .setData(
      new SceneQueryRunner({
        datasource: DATASOURCE_REFS.prometheus,
        queries: [
          {
            refId: 'lag',
            expr: scalingLagMean(SCALING_SCOPE, 'total'),
            legendFormat: '{{k8s_namespace_name}}/{{k8s_hpa_name}}',
          },
        ],
      })
    )
    .setUnit('s')
    .setMenu(panelMenu())
    .build();
}

export function timeAtMaxPanel(): VizPanel {
  return PanelBuilders.bargauge()
    .setTitle('Time at max replicas')
    .setDescription('Seconds each HPA spent pinned at maxReplicas in the time range: it could not scale further.')
    .setData(
      new SceneQueryRunner({
        datasource: DATASOURCE_REFS.prometheus,
        queries: [
          {
            refId: 'atMax',
            expr: timeAtMaxReplicas(SCALING_SCOPE),
            legendFormat: '{{k8s_namespace_name}}/{{k8s_hpa_name}}',
            instant: true,
            range: false,
          },
        ],
      })
    )
    .setUnit('s')
    .setMenu(panelMenu())
    .build();
}

export function podFailuresPanel(): VizPanel {
  return PanelBuilders.table()
    .setTitle('Pod failures')
    .setDescription(
      'Crashes, OOM kills, CrashLoopBackOff and unschedulable pods the watcher logged, per HPA and reason.'
    )
    .setData(
      new SceneQueryRunner({
        datasource: DATASOURCE_REFS.loki,
        queries: [
          {
            refId: 'podFailures',
            expr: podFailures({
              hpa: SCALING_SCOPE.hpa,
              namespace: SCALING_SCOPE.namespace,
              range: SCALING_SCOPE.range,
            }),
            queryType: 'instant',
          },
        ],
      })
    )
    .setNoValue('No pod failures')
    .setMenu(panelMenu())
    .build();
}
