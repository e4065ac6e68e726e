import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

import { defaultDatasourceUid } from './defaultDatasource';
import { PROVISIONED_DATASOURCE_UIDS } from './provisionedDatasources';

const DATASOURCES_YAML = join(
  __dirname,
  '..',
  '..',
  '..',
  'dashboards',
  'provisioning',
  'datasources',
  'datasources.yaml'
);

describe('data source defaults', () => {
  it('are the uids dashboards/provisioning provisions, by type', () => {
    const file = parse(readFileSync(DATASOURCES_YAML, 'utf8')) as { datasources: Array<{ type: string; uid: string }> };
    const byType = Object.fromEntries(file.datasources.map((d) => [d.type, d.uid]));
    expect(PROVISIONED_DATASOURCE_UIDS).toEqual({
      prometheus: byType.prometheus,
      tempo: byType.tempo,
      loki: byType.loki,
    });
  });

  it('yield to what the config page saved', () => {
    expect(defaultDatasourceUid({ tempoUid: 'my-tempo' }, 'tempo')).toBe('my-tempo');
    expect(defaultDatasourceUid({ tempoUid: '' }, 'tempo')).toBe('scaletrace-tempo');
    expect(defaultDatasourceUid({}, 'loki')).toBe('scaletrace-loki');
  });
});
