import { getDataSourceSrv } from '@grafana/runtime';

import { defaultDatasourceUid, settingsKey, type AppSettings, type DataSourceKind } from '../settings';

export interface MissingDatasource {
  kind: DataSourceKind;
  /** The uid the page looks for: the configured one, else the provisioned default. */
  uid: string;
  /** Whether the config page named it (else no data source of the type exists at all). */
  configured: boolean;
}

/**
 * The data sources a page needs that Grafana does not have. A configured uid must exist; without
 * one, the provisioned default may be absent as long as some data source of the type exists,
 * since the page's data source variable then starts at the first of them.
 */
export function missingDatasources(settings: AppSettings, kinds: readonly DataSourceKind[]): MissingDatasource[] {
  const srv = getDataSourceSrv();
  return kinds.flatMap((kind) => {
    const uid = defaultDatasourceUid(settings, kind);
    const configured = Boolean(settings[settingsKey(kind)]);
    if (srv.getInstanceSettings(uid)) {
      return [];
    }
    if (!configured && srv.getList({ pluginId: kind }).length > 0) {
      return [];
    }
    return [{ kind, uid, configured }];
  });
}
