/*
 * Grafana data-source provisioning. The UIDs are provisioning defaults (the dashboards pick data
 * sources by variable; Grafana-managed alert rules need a fixed one). URLs come from the
 * environment Grafana runs in: PROMETHEUS_URL, TEMPO_URL, LOKI_URL.
 */

type Json = { [key: string]: unknown };

export const DATASOURCE_UIDS = { prometheus: 'scaletrace-prometheus', tempo: 'scaletrace-tempo', loki: 'scaletrace-loki' } as const;

export function datasourcesFile(): Json {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus', type: 'prometheus', uid: DATASOURCE_UIDS.prometheus, access: 'proxy', url: '${PROMETHEUS_URL}', isDefault: true,
        jsonData: {
          // The generator exports every 5 s: $__rate_interval then spans at least four exports.
          timeInterval: '5s',
          // prometheusremotewrite writes the exemplar's trace id as the label trace_id.
          exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: DATASOURCE_UIDS.tempo }],
        },
      },
      {
        name: 'Tempo', type: 'tempo', uid: DATASOURCE_UIDS.tempo, access: 'proxy', url: '${TEMPO_URL}',
        jsonData: {
          tracesToLogsV2: { datasourceUid: DATASOURCE_UIDS.loki, spanStartTimeShift: '-1m', spanEndTimeShift: '1m', filterByTraceID: true, filterBySpanID: false },
          tracesToMetrics: { datasourceUid: DATASOURCE_UIDS.prometheus },
          serviceMap: { datasourceUid: DATASOURCE_UIDS.prometheus },
          nodeGraph: { enabled: true },
          search: { hide: false },
        },
      },
      {
        name: 'Loki', type: 'loki', uid: DATASOURCE_UIDS.loki, access: 'proxy', url: '${LOKI_URL}',
        jsonData: {
          // OTLP logs keep the trace id as structured metadata `trace_id`: link a log line to its trace.
          derivedFields: [{ name: 'TraceID', matcherType: 'label', matcherRegex: 'trace_id', datasourceUid: DATASOURCE_UIDS.tempo, url: '$${__value.raw}' }],
        },
      },
    ],
  };
}

/** The dashboard provider: the three JSON files, mounted at DASHBOARDS_PATH inside Grafana. */
export const DASHBOARDS_PATH = '/etc/grafana/dashboards/scaletrace';

export function dashboardProviderFile(): Json {
  return {
    apiVersion: 1,
    providers: [{
      name: 'scaletrace', orgId: 1, folder: 'ScaleTrace', type: 'file', disableDeletion: false, allowUiUpdates: true,
      updateIntervalSeconds: 30, options: { path: DASHBOARDS_PATH, foldersFromFilesStructure: false },
    }],
  };
}
