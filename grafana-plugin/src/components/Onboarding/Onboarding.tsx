import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { EmptyState, LinkButton, Stack, TextLink, useStyles2 } from '@grafana/ui';

import type { DataSourceKind } from '../../settings';
import { APP_CONFIG_URL, DOCS_URLS } from './docs';

export interface OnboardingProps {
  missing: Array<{ kind: DataSourceKind; uid: string; configured: boolean }>;
}

const NAMES: Record<DataSourceKind, string> = { prometheus: 'Prometheus', tempo: 'Tempo', loki: 'Loki' };

/** What the page needs before it can show anything: the data sources it reads from. */
export function Onboarding({ missing }: OnboardingProps) {
  const styles = useStyles2(getStyles);
  const names = missing.map((m) => NAMES[m.kind]).join(', ');
  return (
    <div className={styles.container}>
      <EmptyState
        variant="call-to-action"
        message={`ScaleTrace cannot find its ${names} data source${missing.length > 1 ? 's' : ''}`}
        button={
          <LinkButton href={APP_CONFIG_URL} icon="cog">
            Configure ScaleTrace
          </LinkButton>
        }
      >
        <Stack direction="column" gap={1}>
          <ul className={styles.list}>
            {missing.map((m) => (
              <li key={m.kind}>
                {m.configured
                  ? `${NAMES[m.kind]}: the configured data source "${m.uid}" does not exist.`
                  : `${NAMES[m.kind]}: there is no ${NAMES[m.kind]} data source ("${m.uid}" is the provisioned default).`}
              </li>
            ))}
          </ul>
          <span>
            Add the data source in Connections, or pick another on the app&apos;s configuration page. How to run
            Prometheus, Tempo and Loki with ScaleTrace:{' '}
            <TextLink href={DOCS_URLS.deploy} external>
              docs/deploy.md
            </TextLink>
            .
          </span>
        </Stack>
      </EmptyState>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ padding: theme.spacing(2, 0) }),
  list: css({ listStyle: 'none', margin: 0, padding: 0 }),
});
