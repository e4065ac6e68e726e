import { setDataSourceSrv } from '@grafana/runtime';

import { missingDatasources } from './missingDatasources';

/** Grafana's data source service holding these instances (uid, type). */
function grafanaWith(instances: Array<{ uid: string; type: string }>) {
  setDataSourceSrv({
    getInstanceSettings: (uid: string) => instances.find((d) => d.uid === uid),
    getList: ({ pluginId }: { pluginId: string }) => instances.filter((d) => d.type === pluginId),
  } as never);
}

describe('missing data sources', () => {
  it('are the configured ones Grafana does not have', () => {
    grafanaWith([{ uid: 'prom-1', type: 'prometheus' }]);
    expect(missingDatasources({ prometheusUid: 'prom-1', tempoUid: 'gone' }, ['prometheus', 'tempo'])).toEqual([
      { kind: 'tempo', uid: 'gone', configured: true },
    ]);
  });

  it('without configuration, are the kinds with no data source at all', () => {
    // The provisioned defaults are absent; the variable falls back to the first Prometheus.
    grafanaWith([{ uid: 'prom-1', type: 'prometheus' }]);
    expect(missingDatasources({}, ['prometheus', 'tempo', 'loki'])).toEqual([
      { kind: 'tempo', uid: 'scaletrace-tempo', configured: false },
      { kind: 'loki', uid: 'scaletrace-loki', configured: false },
    ]);
  });

  it('are none when the provisioned ones exist', () => {
    grafanaWith([
      { uid: 'scaletrace-prometheus', type: 'prometheus' },
      { uid: 'scaletrace-tempo', type: 'tempo' },
    ]);
    expect(missingDatasources({}, ['prometheus', 'tempo'])).toEqual([]);
  });
});
