import React from 'react';
import { css } from '@emotion/css';
import { locationUtil, type GrafanaTheme2 } from '@grafana/data';
import { sceneGraph, SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, Button, Combobox, Field, Input, LinkButton, Stack, useStyles2 } from '@grafana/ui';
import {
  alertRules,
  DASHBOARD_VARIABLES,
  DEFAULT_ALERT_THRESHOLDS,
  SCALING_LAG_BUCKETS_S,
  type AlertRule,
  type AlertThresholds,
} from '@scaletrace/dashboards';

import {
  alertRulesListUrl,
  alertRuleUrl,
  createAlertRules,
  GrafanaApiError,
  notificationRouting,
  type ContactPoint,
  type CreatedAlertRules,
  type NotificationRouting,
} from '../../alerting';
import { testIds } from '../../components/testIds';

const PROMETHEUS_DURATION = /^[0-9]+[smhd]$/;

interface Outcome {
  severity: 'success' | 'info' | 'error';
  text: string;
  /** Rules created or updated, linked to their page in Grafana's alerting. */
  written?: Array<{ uid: string; title: string }>;
  /** Rules already provisioned from files, linked to their page in Grafana's alerting. */
  fromFiles?: CreatedAlertRules['fromFiles'];
}

/** Where notifications go, or why Grafana would not say (a Viewer may not read the policies). */
type Routing = { ok: NotificationRouting } | { error: string; forbidden: boolean };

export interface CreateAlertRulesState extends SceneObjectState {
  thresholds: AlertThresholds;
  outcome?: Outcome;
  routing?: Routing;
  busy: boolean;
}

/** What the button did, in a sentence or two. */
function outcomeOf({ created, updated, fromFiles }: CreatedAlertRules, rules: AlertRule[]): Outcome {
  const changed =
    created.length + updated.length > 0
      ? `Created ${created.length} and updated ${updated.length} alert rules in the folder ScaleTrace. `
      : '';
  const written = rules
    .filter((r) => created.includes(r.uid) || updated.includes(r.uid))
    .map((r) => ({ uid: r.uid, title: r.name }));
  if (fromFiles.length === 0) {
    return { severity: 'success', text: changed.trim(), written };
  }
  const files =
    `${fromFiles.length === 1 ? '1 rule is' : `${fromFiles.length} rules are`} already provisioned from files ` +
    '(dashboards/provisioning/alerting) and left as they are: Grafana does not allow changing them here; ' +
    'change their thresholds in the provisioning file.';
  return { severity: 'info', text: changed + files, written, fromFiles };
}

/** The thresholds the user picks, and a button that creates the alert rules with them in Grafana. */
export class CreateAlertRulesScene extends SceneObjectBase<CreateAlertRulesState> {
  constructor(state: Partial<CreateAlertRulesState> = {}) {
    super({ thresholds: DEFAULT_ALERT_THRESHOLDS, busy: false, ...state });
    this.addActivationHandler(() => {
      this.loadRouting();
    });
  }

  /** Reads where the rules' notifications will go, for the preview (the labels do not depend on thresholds). */
  async loadRouting(): Promise<void> {
    try {
      this.setState({ routing: { ok: await notificationRouting(alertRules(this.state.thresholds)) } });
    } catch (e) {
      const forbidden = e instanceof GrafanaApiError && e.status === 403;
      this.setState({ routing: { error: e instanceof Error ? e.message : String(e), forbidden } });
    }
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
      this.setState({ busy: false, outcome: outcomeOf(result, alertRules(this.state.thresholds)) });
    } catch (e) {
      // createAlertRules turns Grafana's refusals into GrafanaApiErrors carrying its message.
      const text = e instanceof Error ? e.message : String(e);
      this.setState({ busy: false, outcome: { severity: 'error', text: `Creating the alert rules failed: ${text}` } });
    }
  }

  static Component = CreateAlertRulesRenderer;
}

function CreateAlertRulesRenderer({ model }: SceneComponentProps<CreateAlertRulesScene>) {
  const { thresholds: t, busy, outcome, routing } = model.useState();
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
      {invalid ? (
        <Alert severity="warning" title={invalid} />
      ) : (
        <RulesPreview rules={alertRules(t)} routing={routing} />
      )}
      <Button icon="bell" disabled={busy || invalid !== undefined} onClick={() => model.create()}>
        {busy ? 'Creating…' : 'Create alert rules'}
      </Button>
      {outcome && (
        <Alert severity={outcome.severity} title={outcome.text}>
          {outcome.severity !== 'error' && (
            <Stack direction="row" wrap="wrap" gap={1}>
              {[...(outcome.written ?? []), ...(outcome.fromFiles ?? [])].map((r) => (
                <RuleLink key={r.uid} href={alertRuleUrl(r.uid)} text={r.title} />
              ))}
              <RuleLink href={alertRulesListUrl()} text="All ScaleTrace rules" icon="list-ul" />
            </Stack>
          )}
        </Alert>
      )}
    </div>
  );
}

function RuleLink({ href, text, icon = 'bell' }: { href: string; text: string; icon?: 'bell' | 'list-ul' }) {
  return (
    <LinkButton variant="secondary" fill="text" size="sm" icon={icon} href={locationUtil.assureBaseUrl(href)}>
      {text}
    </LinkButton>
  );
}

const contactPointsText = (cps: ContactPoint[]): string =>
  cps.map((cp) => (cp.types.length > 0 ? `${cp.name} (${cp.types.join(', ')})` : cp.name)).join(', ');

/** The rules as they will be created, and where their notifications will go. */
function RulesPreview({ rules, routing }: { rules: AlertRule[]; routing?: Routing }) {
  const styles = useStyles2(getStyles);
  return (
    <>
      {routing === undefined && <span>Reading the notification policies…</span>}
      {routing && 'error' in routing && (
        <Alert
          severity="warning"
          title={
            routing.forbidden
              ? 'Grafana does not let you read the notification policies: the contact point cannot be shown'
              : 'Cannot show where notifications go'
          }
        >
          {routing.error}. Notifications are routed by Grafana&apos;s notification policies all the same.
        </Alert>
      )}
      {routing && 'ok' in routing && (
        <span>
          Notifications go to the contact point <strong>{contactPointsText([routing.ok.defaultContactPoint])}</strong>{' '}
          of the default notification policy
          {rules.some(
            (r) =>
              contactPointsText(routing.ok.byRule[r.uid] ?? []) !== contactPointsText([routing.ok.defaultContactPoint])
          )
            ? ', unless a nested policy matches (see the table).'
            : '.'}
        </span>
      )}
      <table className={styles.table} aria-label="Alert rules preview">
        <thead>
          <tr>
            <th>Rule</th>
            <th>PromQL</th>
            <th>Threshold</th>
            <th>For</th>
            <th>Severity</th>
            <th>Contact point</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.uid}>
              <td>{r.name}</td>
              <td>
                <code className={styles.expr}>{r.expr}</code>
              </td>
              <td>{r.threshold}</td>
              <td>{r.for}</td>
              <td>{r.severity}</td>
              <td>{routing && 'ok' in routing ? contactPointsText(routing.ok.byRule[r.uid] ?? []) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
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
  table: css({
    width: '100%',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': {
      padding: theme.spacing(0.5, 1),
      verticalAlign: 'top',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    th: { color: theme.colors.text.secondary, textAlign: 'left' },
  }),
  expr: css({ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }),
});
