export { type AppSettings, type DataSourceKind, DATASOURCE_KINDS, settingsKey } from './appSettings';
export { PROVISIONED_DATASOURCE_UIDS } from './provisionedDatasources';
export { defaultDatasourceUid } from './defaultDatasource';
