import { dateTime } from '@grafana/data';
import { PanelBuilders, SceneFlexItem, SceneFlexLayout, SceneQueryRunner, SceneTimeRange } from '@grafana/scenes';
import { replicas, type ReplicaSeries } from '@scaletrace/dashboards';

import { runHpaScope } from '../../../queries';
import { DATASOURCE_REFS } from '../../../scenes';

const REPLICA_SERIES: readonly ReplicaSeries[] = ['current', 'desired', 'ready'];

/** Window the instant replica queries look back over: the metric is exported every few seconds. */
const LOOKBACK_MS = 60_000;

/**
 * One failed request's trace, next to the replica counts the moment it started: was the HPA still
 * catching up (desired > ready) when this request failed?
 */
export function traceWithReplicasScene(runId: string, traceId: string, timeMs: number): SceneFlexLayout {
  const trace = PanelBuilders.traces()
    .setTitle(`Trace ${traceId}`)
    .setData(
      new SceneQueryRunner({
        datasource: DATASOURCE_REFS.tempo,
        queries: [{ refId: 'trace', queryType: 'traceql', query: traceId }],
      })
    )
    .build();

  const replicasThen = PanelBuilders.stat()
    .setTitle('Replicas when it failed')
    .setDescription('Instant values at the span start, per HPA: current (spec), desired (HPA decision), ready pods.')
    .setData(
      new SceneQueryRunner({
        datasource: DATASOURCE_REFS.prometheus,
        queries: REPLICA_SERIES.map((series) => ({
          refId: series,
          expr: replicas(runHpaScope(runId), series),
          instant: true,
          range: false,
          legendFormat: `{{k8s_hpa_name}} ${series}`,
        })),
      })
    )
    .setUnit('none')
    .setDecimals(0)
    .build();
  // An instant query evaluates at the range's end: end the range at the failure.
  replicasThen.setState({
    $timeRange: new SceneTimeRange({
      from: dateTime(timeMs - LOOKBACK_MS).toISOString(),
      to: dateTime(timeMs).toISOString(),
    }),
  });

  return new SceneFlexLayout({
    direction: 'row',
    children: [
      new SceneFlexItem({ minHeight: 500, body: trace }),
      new SceneFlexItem({ width: '25%', minHeight: 200, body: replicasThen }),
    ],
  });
}
