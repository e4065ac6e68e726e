import type { DataSourceKind } from './appSettings';

/**
 * UIDs of the data sources dashboards/provisioning/datasources/datasources.yaml provisions
 * (provisionedDatasources.test.ts keeps them equal): the defaults until the config page picks others.
 */
export const PROVISIONED_DATASOURCE_UIDS: Record<DataSourceKind, string> = {
  prometheus: 'scaletrace-prometheus',
  tempo: 'scaletrace-tempo',
  loki: 'scaletrace-loki',
};
