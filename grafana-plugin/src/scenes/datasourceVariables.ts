import { DASHBOARD_VARIABLES } from '@scaletrace/dashboards';
import { DataSourceVariable } from '@grafana/scenes';

import { defaultDatasourceUid, type AppSettings, type DataSourceKind } from '../settings';

/** Panels reference data sources through these variables, never by fixed UID. */
export const DATASOURCE_REFS = {
  prometheus: { type: 'prometheus', uid: `\${${DASHBOARD_VARIABLES.prometheus}}` },
  tempo: { type: 'tempo', uid: `\${${DASHBOARD_VARIABLES.tempo}}` },
  loki: { type: 'loki', uid: `\${${DASHBOARD_VARIABLES.loki}}` },
} as const;

const LABELS: Record<DataSourceKind, string> = { prometheus: 'Prometheus', tempo: 'Tempo', loki: 'Loki' };

/** One data source picker per kind a page uses, starting at the configured (or provisioned) one. */
export function datasourceVariables(settings: AppSettings, kinds: readonly DataSourceKind[]): DataSourceVariable[] {
  return kinds.map(
    (kind) =>
      new DataSourceVariable({
        name: DASHBOARD_VARIABLES[kind],
        label: LABELS[kind],
        pluginId: kind,
        value: defaultDatasourceUid(settings, kind),
      })
  );
}
