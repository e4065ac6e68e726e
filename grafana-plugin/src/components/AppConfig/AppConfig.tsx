import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Button, Field, FieldSet, useStyles2 } from '@grafana/ui';

import { testIds } from '../testIds';
import {
  DATASOURCE_KINDS,
  defaultDatasourceUid,
  settingsKey,
  type AppSettings,
  type DataSourceKind,
} from '../../settings';
import { saveAppSettings } from './saveAppSettings';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

const DESCRIPTIONS: Record<DataSourceKind, string> = {
  prometheus: 'Metrics: runs, RPS, latency, errors, replicas, scaling lag (with exemplars).',
  tempo: 'Traces: failed requests and scaling episodes.',
  loki: 'Logs: stage changes, rescale events, pod failures.',
};

/** Picks the data sources every page queries; unset ones fall back to the provisioned ones. */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const { enabled, pinned, jsonData } = plugin.meta;
  const [settings, setSettings] = useState<AppSettings>(() =>
    Object.fromEntries(DATASOURCE_KINDS.map((kind) => [settingsKey(kind), defaultDatasourceUid(jsonData ?? {}, kind)]))
  );

  return (
    <form
      data-testid={testIds.appConfig.container}
      onSubmit={(e) => {
        e.preventDefault();
        saveAppSettings(plugin.meta.id, { enabled, pinned, jsonData: settings });
      }}
    >
      <FieldSet label="Data sources" className={styles.marginTop}>
        {DATASOURCE_KINDS.map((kind) => (
          <Field key={kind} label={kind[0]!.toUpperCase() + kind.slice(1)} description={DESCRIPTIONS[kind]}>
            <div data-testid={testIds.appConfig[kind]}>
              <DataSourcePicker
                pluginId={kind}
                current={settings[settingsKey(kind)] ?? null}
                noDefault
                width={60}
                onChange={(ds) => setSettings({ ...settings, [settingsKey(kind)]: ds.uid })}
              />
            </div>
          </Field>
        ))}
        <Button type="submit" data-testid={testIds.appConfig.submit}>
          Save data sources
        </Button>
      </FieldSet>
    </form>
  );
};

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  marginTop: css({ marginTop: theme.spacing(3) }),
});
