import { PanelBuilders, SceneDataTransformer, SceneQueryRunner, type VizPanel } from '@grafana/scenes';
import { podFailures, scalingEpisodeSpans, scalingLagMean, timeAtMaxReplicas } from '@scaletrace/dashboards';

import { SCALING_SCOPE } from '../../queries';
import { DATASOURCE_REFS } from '../../scenes';

/* The Scaling page compares HPAs across runs; every query string comes from @scaletrace/dashboards. */

/** Span attributes of a scaling episode → column titles. */
export const EPISODE_COLUMNS: Record<string, string> = {
  'loadtest.run.id': 'Run',
  'k8s.hpa.name': 'HPA',
  'loadtest.scaling.direction': 'Direction',
  'loadtest.scaling.from': 'From',
  'loadtest.scaling.to': 'To',
  'loadtest.scaling.lag.detection_s': 'Detection (s)',
  'loadtest.scaling.lag.actuation_s': 'Actuation (s)',
  'loadtest.scaling.lag.total_s': 'Total (s)',
  'loadtest.scaling.deficit_replica_seconds': 'Deficit (replica·s)',
};

export const EPISODE_LIMIT = 500;
const EPISODES_PER_TRACE = 100;

export function episodesPanel(): VizPanel {
  const spans = new SceneQueryRunner({
    datasource: DATASOURCE_REFS.tempo,
    queries: [
      {
        refId: 'episodes',
        queryType: 'traceql',
        tableType: 'spans',
        query: scalingEpisodeSpans({ hpa: SCALING_SCOPE.hpa }),
        limit: EPISODE_LIMIT,
        // Episodes of one run can share its trace: keep them all, not Tempo's default 3 per trace.
        spss: EPISODES_PER_TRACE,
      },
    ],
  });
  return PanelBuilders.table()
    .setTitle('Scaling lag per episode, across runs')
    .setDescription('One row per scaling episode span: how long detection and actuation took, and the replica deficit.')
    .setData(
      new SceneDataTransformer({
        $data: spans,
        transformations: [
          {
            id: 'organize',
            options: {
              excludeByName: { traceService: true, traceName: true, spanID: true },
              renameByName: { time: 'Start', ...EPISODE_COLUMNS },
            },
          },
        ],
      })
    )
    .setNoValue('No scaling episodes in this time range')
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
    .build();
}
