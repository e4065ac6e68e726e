import { settingsKey, type AppSettings, type DataSourceKind } from './appSettings';
import { PROVISIONED_DATASOURCE_UIDS } from './provisionedDatasources';

/** The data source a page starts with: the configured one, else the provisioned one (a missing uid makes the variable pick the first of the type). */
export function defaultDatasourceUid(settings: AppSettings, kind: DataSourceKind): string {
  return settings[settingsKey(kind)] || PROVISIONED_DATASOURCE_UIDS[kind];
}
