import { dataLayers, SceneDataLayerSet } from '@grafana/scenes';
import type { DataQuery } from '@grafana/schema';
import { desiredReplicasChanged, rescaleEvents, stageChanges } from '@scaletrace/dashboards';

import { runHpaScope } from '../../queries';
import { DATASOURCE_REFS } from '../../scenes';

interface Annotation {
  name: string;
  iconColor: string;
  datasource: { type: string; uid: string };
  expr: string;
  titleFormat?: string;
}

/** A Prometheus or Loki query: DataQuery plus the expression. */
interface ExprQuery extends DataQuery {
  expr: string;
}

function layer(a: Annotation): dataLayers.AnnotationsDataLayer {
  const target: ExprQuery = { refId: 'annotation', expr: a.expr };
  return new dataLayers.AnnotationsDataLayer({
    name: a.name,
    query: {
      name: a.name,
      enable: true,
      iconColor: a.iconColor,
      datasource: a.datasource,
      // The query as the data sources' annotation support reads it (`target`), and as older
      // Prometheus/Loki versions read it (top-level `expr`).
      target,
      expr: a.expr,
      ...(a.titleFormat ? { titleFormat: a.titleFormat } : {}),
    },
  });
}

/** Scaling decisions, rescale events and stage changes, marked on every time series of the run. */
export function runAnnotations(runId: string): SceneDataLayerSet {
  return new SceneDataLayerSet({
    layers: [
      layer({
        name: 'Scaling decisions',
        iconColor: 'orange',
        datasource: DATASOURCE_REFS.prometheus,
        expr: desiredReplicasChanged(runHpaScope(runId)),
        titleFormat: '{{k8s_hpa_name}}: desired replicas changed',
      }),
      layer({
        name: 'Rescale events',
        iconColor: 'purple',
        datasource: DATASOURCE_REFS.loki,
        expr: rescaleEvents(runId),
      }),
      layer({ name: 'Stage changes', iconColor: 'blue', datasource: DATASOURCE_REFS.loki, expr: stageChanges(runId) }),
    ],
  });
}
