import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { EmbeddedScene, SceneTimeRange, SceneVariableSet } from '@grafana/scenes';

import { datasourceVariables } from '../../scenes';
import { activate } from '../../test/activate';
import { fakeBackendSrv } from '../../test/fakeBackendSrv';
import { setupSceneTestEnv } from '../../test/sceneTestEnv';
import { CreateAlertRulesScene } from './CreateAlertRulesScene';

async function setup() {
  const form = new CreateAlertRulesScene();
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({}),
    $variables: new SceneVariableSet({ variables: datasourceVariables({ prometheusUid: 'prom-2' }, ['prometheus']) }),
    body: form,
  });
  await activate(scene);
  render(<scene.Component model={scene} />);
  return form;
}

/** The shared rules, by name and uid (dashboards/provisioning/alerting has the same). */
const RULES = [
  { name: 'ScaleTraceScalingLagHigh', uid: 'scaletrace-scaling-lag-high' },
  { name: 'ScaleTraceScaleUpNotReady', uid: 'scaletrace-scale-up-not-ready' },
  { name: 'ScaleTraceReplicasNotReady', uid: 'scaletrace-replicas-not-ready' },
  { name: 'ScaleTraceHpaAtMaxWithErrors', uid: 'scaletrace-hpa-at-max-errors' },
  { name: 'ScaleTraceGeneratorDroppingSpans', uid: 'scaletrace-generator-dropping-spans' },
];

describe('Create alert rules', () => {
  beforeEach(setupSceneTestEnv);

  it('creates the rules with the thresholds picked, against the page’s Prometheus', async () => {
    const requests = fakeBackendSrv({});
    await setup();
    fireEvent.change(screen.getByLabelText('Error rate threshold'), { target: { value: '12.5' } });
    fireEvent.change(screen.getByLabelText('Replicas not ready for'), { target: { value: '15m' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create alert rules' })));

    const rules = requests.filter((r) => r.method === 'PUT').map((r) => r.data);
    expect(rules.map((r) => r.uid)).toEqual(RULES.map((r) => r.uid));
    expect(rules.every((r) => r.data[0].datasourceUid === 'prom-2')).toBe(true);
    expect(rules.find((r) => r.uid === 'scaletrace-replicas-not-ready').for).toBe('15m');
    expect(rules.find((r) => r.uid === 'scaletrace-hpa-at-max-errors').data[0].model.expr).toContain('> 0.125');
    expect(screen.getByText(/updated 5 alert rules/)).toBeInTheDocument();
  });

  it('previews every rule before creating: name, PromQL, threshold, for, severity', async () => {
    fakeBackendSrv({});
    await setup();
    fireEvent.change(screen.getByLabelText('Replicas not ready for'), { target: { value: '15m' } });
    const rows = within(screen.getByRole('table', { name: 'Alert rules preview' }))
      .getAllByRole('row')
      .slice(1);
    const cells = rows.map((row) =>
      within(row)
        .getAllByRole('cell')
        .slice(0, 5)
        .map((c) => c.textContent)
    );
    // Name, threshold, for and severity: the defaults, but for the 15m picked; two of the PromQL written out.
    expect(cells.map(([name, , threshold, forDuration, severity]) => [name, threshold, forDuration, severity])).toEqual(
      [
        ['ScaleTraceScalingLagHigh', 'completed scale-up lag > 60 s', '0m', 'warning'],
        ['ScaleTraceScaleUpNotReady', 'desired > ready for 60 s', '60s', 'warning'],
        ['ScaleTraceReplicasNotReady', 'desired > available for 15m', '15m', 'warning'],
        ['ScaleTraceHpaAtMaxWithErrors', 'at maxReplicas and errors > 5 % (2m)', '1m', 'critical'],
        ['ScaleTraceGeneratorDroppingSpans', 'any spilled or dropped span in 5m', '0m', 'warning'],
      ]
    );
    expect(cells[0]![1]).toBe(
      'max by (loadtest_run_id, k8s_namespace_name, k8s_hpa_name) (loadtest_scaling_lag_seconds_count{loadtest_scaling_direction="up", loadtest_scaling_phase="total"} - ignoring (le) loadtest_scaling_lag_seconds_bucket{loadtest_scaling_direction="up", loadtest_scaling_phase="total", le="60"}) > 0'
    );
    expect(cells[4]![1]).toBe(
      'sum by (loadtest_run_id) (increase(loadtest_telemetry_spans_total{loadtest_telemetry_outcome=~"spilled|dropped"}[5m])) > 0'
    );
    // "Alert me when scaling lag > 60 s" also covers a scale-up that never becomes Ready.
    expect(
      within(rows[1]!)
        .getAllByRole('cell')
        .slice(0, 4)
        .map((c) => c.textContent)
    ).toEqual([
      'ScaleTraceScaleUpNotReady',
      expect.stringContaining('k8s_hpa_desired_replicas'),
      'desired > ready for 60 s',
      '60s',
    ]);
  });

  it('shows the contact point the rules route to: the default policy’s receiver and its type', async () => {
    const requests = fakeBackendSrv(
      {},
      {
        'GET /api/v1/provisioning/policies': {
          receiver: 'ops-slack',
          routes: [{ receiver: 'pager', object_matchers: [['severity', '=', 'critical']] }],
        },
        'GET /api/v1/provisioning/contact-points': [
          { uid: 'a', name: 'ops-slack', type: 'slack', settings: {} },
          { uid: 'b', name: 'pager', type: 'pagerduty', settings: {} },
        ],
      }
    );
    await setup();
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/provisioning/policies',
      'GET /api/v1/provisioning/contact-points',
    ]);
    expect(screen.getByText('ops-slack (slack)', { selector: 'strong' })).toBeInTheDocument();
    const contactPoint = (name: string) =>
      within(screen.getByRole('row', { name: new RegExp(`^${name} `) })).getAllByRole('cell')[5]!.textContent;
    expect(contactPoint('ScaleTraceScaleUpNotReady')).toBe('ops-slack (slack)');
    expect(contactPoint('ScaleTraceHpaAtMaxWithErrors')).toBe('pager (pagerduty)');
  });

  it('on a fresh Grafana, names its default email contact point', async () => {
    fakeBackendSrv({});
    await setup();
    expect(screen.getByText('grafana-default-email (email)', { selector: 'strong' })).toBeInTheDocument();
  });

  it('says so when Grafana forbids reading the notification policies, and still creates', async () => {
    const url = 'GET /api/v1/provisioning/policies';
    const message =
      "You'll need additional permissions to perform this action. Permissions needed: alert.notifications:read";
    fakeBackendSrv({ [url]: 403 }, { [url]: { accessErrorId: 'ACE2', message, title: 'Access denied' } });
    await setup();
    expect(
      screen.getByText('Grafana does not let you read the notification policies: the contact point cannot be shown')
    ).toBeInTheDocument();
    expect(
      screen.getByText(new RegExp(`Reading the notification policies failed \\(HTTP 403\\): ${message}`))
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create alert rules' })).toBeEnabled();
  });

  it('links to every rule it created and to the group in Grafana’s alert list', async () => {
    fakeBackendSrv(Object.fromEntries(RULES.map((r) => [`GET /api/v1/provisioning/alert-rules/${r.uid}`, 404])));
    await setup();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create alert rules' })));
    expect(screen.getByText(/Created 5 and updated 0 alert rules/)).toBeInTheDocument();
    for (const r of RULES) {
      expect(screen.getByRole('link', { name: r.name })).toHaveAttribute('href', `/alerting/grafana/${r.uid}/view`);
    }
    expect(screen.getByRole('link', { name: 'All ScaleTrace rules' })).toHaveAttribute(
      'href',
      '/alerting/list?search=namespace%3AScaleTrace%20group%3Ascaletrace'
    );
  });

  it('refuses a duration Prometheus would not parse', async () => {
    await setup();
    fireEvent.change(screen.getByLabelText('Error rate window'), { target: { value: 'two minutes' } });
    expect(screen.getByRole('button', { name: 'Create alert rules' })).toBeDisabled();
    expect(screen.getByText(/errorWindow must be a duration/)).toBeInTheDocument();
  });

  it('shows Grafana’s refusal with its status and message', async () => {
    const url = '/api/v1/provisioning/alert-rules/scaletrace-scaling-lag-high';
    // What Grafana 12 answers a Viewer.
    const message =
      "You'll need additional permissions to perform this action. Permissions needed: any of alert.provisioning:read";
    fakeBackendSrv(
      { [`GET ${url}`]: 403 },
      { [`GET ${url}`]: { accessErrorId: 'ACE1', message, title: 'Access denied' } }
    );
    await setup();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create alert rules' })));
    expect(
      screen.getByText(
        `Creating the alert rules failed: Reading alert rule scaletrace-scaling-lag-high failed (HTTP 403): ${message}`
      )
    ).toBeInTheDocument();
  });

  it('says the rules are already provisioned from files and links to them, instead of failing', async () => {
    const requests = fakeBackendSrv(
      {},
      Object.fromEntries(
        RULES.map((r) => [
          `GET /api/v1/provisioning/alert-rules/${r.uid}`,
          { uid: r.uid, title: r.name, folderUID: 'f1', ruleGroup: 'scaletrace', provenance: 'file' },
        ])
      )
    );
    await setup();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create alert rules' })));
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
    expect(screen.getByText(/5 rules are already provisioned from files/)).toBeInTheDocument();
    expect(screen.queryByText(/failed/)).not.toBeInTheDocument();
    for (const r of RULES) {
      expect(screen.getByRole('link', { name: r.name })).toHaveAttribute('href', `/alerting/grafana/${r.uid}/view`);
    }
  });
});
