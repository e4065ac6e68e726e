/**
 * What the config page stores in the app's jsonData: the data sources every page queries.
 * Unset means "the provisioned one", and when that does not exist either the variable falls
 * back to the first data source of the type (scenes' DataSourceVariable picks its first option).
 */
export interface AppSettings {
  prometheusUid?: string;
  tempoUid?: string;
  lokiUid?: string;
}

export type DataSourceKind = 'prometheus' | 'tempo' | 'loki';

export const DATASOURCE_KINDS: readonly DataSourceKind[] = ['prometheus', 'tempo', 'loki'];

const SETTINGS_KEY: Record<DataSourceKind, keyof AppSettings> = {
  prometheus: 'prometheusUid',
  tempo: 'tempoUid',
  loki: 'lokiUid',
};

export function settingsKey(kind: DataSourceKind): keyof AppSettings {
  return SETTINGS_KEY[kind];
}
