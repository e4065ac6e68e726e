import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { sceneGraph, SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, Button, Combobox, Field, Input, Stack, useStyles2 } from '@grafana/ui';
import {
  DASHBOARD_VARIABLES,
  DEFAULT_ALERT_THRESHOLDS,
  SCALING_LAG_BUCKETS_S,
  type AlertThresholds,
} from '@scaletrace/dashboards';

import { createAlertRules } from '../../alerting';
import { testIds } from '../../components/testIds';

const PROMETHEUS_DURATION = /^[0-9]+[smhd]$/;

export interface CreateAlertRulesState extends SceneObjectState {
  thresholds: AlertThresholds;
  outcome?: { severity: 'success' | 'error'; text: string };
  busy: boolean;
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
      const { created, updated } = await createAlertRules(this.state.thresholds, prometheusUid);
      const text = `Created ${created.length} and updated ${updated.length} alert rules in the folder ScaleTrace.`;
      this.setState({ busy: false, outcome: { severity: 'success', text } });
    } catch (e) {
      const text = e instanceof Error ? e.message : `HTTP ${(e as { status?: number }).status ?? 'error'}`;
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
      {outcome && <Alert severity={outcome.severity} title={outcome.text} />}
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
