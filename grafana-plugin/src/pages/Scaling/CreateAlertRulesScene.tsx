import React from 'react';
import { css } from '@emotion/css';
import { locationUtil, type GrafanaTheme2 } from '@grafana/data';
import { sceneGraph, SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, Button, Combobox, Field, Input, LinkButton, Stack, useStyles2 } from '@grafana/ui';
import {
  DASHBOARD_VARIABLES,
  DEFAULT_ALERT_THRESHOLDS,
  SCALING_LAG_BUCKETS_S,
  type AlertThresholds,
} from '@scaletrace/dashboards';

import { alertRuleUrl, createAlertRules, type CreatedAlertRules } from '../../alerting';
import { testIds } from '../../components/testIds';

const PROMETHEUS_DURATION = /^[0-9]+[smhd]$/;

interface Outcome {
  severity: 'success' | 'info' | 'error';
  text: string;
  /** Rules already provisioned from files, linked to their page in Grafana's alerting. */
  fromFiles?: CreatedAlertRules['fromFiles'];
}

export interface CreateAlertRulesState extends SceneObjectState {
  thresholds: AlertThresholds;
  outcome?: Outcome;
  busy: boolean;
}

/** What the button did, in a sentence or two. */
function outcomeOf({ created, updated, fromFiles }: CreatedAlertRules): Outcome {
  const changed =
    created.length + updated.length > 0
      ? `Created ${created.length} and updated ${updated.length} alert rules in the folder ScaleTrace. `
      : '';
  if (fromFiles.length === 0) {
    return { severity: 'success', text: changed.trim() };
  }
  const files =
    `${fromFiles.length === 1 ? '1 rule is' : `${fromFiles.length} rules are`} already provisioned from files ` +
    '(dashboards/provisioning/alerting) and left as they are: Grafana does not allow changing them here; ' +
    'change their thresholds in the provisioning file.';
  return { severity: 'info', text: changed + files, fromFiles };
}

/** The thresholds the user picks, and a button that creates the alert rules with them in Grafana. */
export class CreateAlertRulesScene extends SceneObjectBase<CreateAlertRulesState> {
  constructor(state: Partial<CreateAlertRulesState> = {}) {
    super({ thresholds: DEFAULT_ALERT_THRESHOLDS, busy: false, ...state });
  }

  setThreshold<K extends keyof AlertThresholds>(key: K, value: AlertThresholds[K]): void {
    this.setState({ thresholds: { ...this.state.thresholds, [key]: value }, outcome: undefined });
  }

  /** What is wrong with the thresholds, or undefined when they can be sent. */
  invalid(): string | undefined {
    const t = this.state.thresholds;
    const bad = (['notReadyFor', 'errorWindow', 'spanWindow'] as const).find((k) => !PROMETHEUS_DURATION.test(t[k]));
    if (bad) {
      return `${bad} must be a duration like 5m (got "${t[bad]}")`;
    }
    if (!(t.errorRatio > 0 && t.errorRatio < 1)) {
      return 'the error ratio must be between 0 and 100 %';
    }
    return undefined;
  }

  async create(): Promise<void> {
    const prometheusUid = sceneGraph.interpolate(this, `\${${DASHBOARD_VARIABLES.prometheus}}`);
    this.setState({ busy: true, outcome: undefined });
    try {
      const result = await createAlertRules(this.state.thresholds, prometheusUid);
      this.setState({ busy: false, outcome: outcomeOf(result) });
    } catch (e) {
      // createAlertRules turns Grafana's refusals into GrafanaApiErrors carrying its message.
      const text = e instanceof Error ? e.message : String(e);
      this.setState({ busy: false, outcome: { severity: 'error', text: `Creating the alert rules failed: ${text}` } });
    }
  }

  static Component = CreateAlertRulesRenderer;
}

function CreateAlertRulesRenderer({ model }: SceneComponentProps<CreateAlertRulesScene>) {
  const { thresholds: t, busy, outcome } = model.useState();
  const styles = useStyles2(getStyles);
  const invalid = model.invalid();
  return (
    <div className={styles.container} data-testid={testIds.scaling.createAlertRules}>
      <h4>Alert rules</h4>
      <Stack direction="row" wrap="wrap" gap={2}>
        <Field label="Scaling lag above" description="a bucket bound of loadtest.scaling.lag">
          <Combobox
            width={16}
            aria-label="Scaling lag threshold"
            value={t.scalingLagS}
            options={SCALING_LAG_BUCKETS_S.map((s) => ({ label: `${s} s`, value: s }))}
            onChange={(v) => model.setThreshold('scalingLagS', v.value)}
          />
        </Field>
        <Field label="Replicas not ready for">
          <Input
            width={12}
            aria-label="Replicas not ready for"
            value={t.notReadyFor}
            onChange={(e) => model.setThreshold('notReadyFor', e.currentTarget.value.trim())}
          />
        </Field>
        <Field label="Error rate above (%)" description="while the HPA is at max">
          <Input
            width={12}
            type="number"
            aria-label="Error rate threshold"
            value={Math.round(t.errorRatio * 10000) / 100}
            onChange={(e) => model.setThreshold('errorRatio', Number(e.currentTarget.value) / 100)}
          />
        </Field>
        <Field label="Error rate window">
          <Input
            width={12}
            aria-label="Error rate window"
            value={t.errorWindow}
            onChange={(e) => model.setThreshold('errorWindow', e.currentTarget.value.trim())}
          />
        </Field>
        <Field label="Dropped spans window">
          <Input
            width={12}
            aria-label="Dropped spans window"
            value={t.spanWindow}
            onChange={(e) => model.setThreshold('spanWindow', e.currentTarget.value.trim())}
          />
        </Field>
      </Stack>
      {invalid && <Alert severity="warning" title={invalid} />}
      <Button icon="bell" disabled={busy || invalid !== undefined} onClick={() => model.create()}>
        {busy ? 'Creating…' : 'Create alert rules'}
      </Button>
      {outcome && (
        <Alert severity={outcome.severity} title={outcome.text}>
          {outcome.fromFiles && (
            <Stack direction="row" wrap="wrap" gap={1}>
              {outcome.fromFiles.map((r) => (
                <LinkButton
                  key={r.uid}
                  variant="secondary"
                  fill="text"
                  size="sm"
                  icon="bell"
                  href={locationUtil.assureBaseUrl(alertRuleUrl(r.uid))}
                >
                  {r.title}
                </LinkButton>
              ))}
            </Stack>
          )}
        </Alert>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    width: '100%',
  }),
});
