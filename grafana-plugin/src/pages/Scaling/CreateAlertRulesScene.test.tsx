import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { EmbeddedScene, SceneTimeRange, SceneVariableSet } from '@grafana/scenes';
import { alertRules } from '@scaletrace/dashboards';

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

describe('Create alert rules', () => {
  beforeEach(setupSceneTestEnv);

  it('creates the rules with the thresholds picked, against the page’s Prometheus', async () => {
    const requests = fakeBackendSrv({});
    await setup();
    fireEvent.change(screen.getByLabelText('Error rate threshold'), { target: { value: '12.5' } });
    fireEvent.change(screen.getByLabelText('Replicas not ready for'), { target: { value: '15m' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create alert rules' })));

    const rules = requests.filter((r) => r.method === 'PUT').map((r) => r.data);
    expect(rules).toHaveLength(4);
    expect(rules.every((r) => r.data[0].datasourceUid === 'prom-2')).toBe(true);
    expect(rules.find((r) => r.uid === 'scaletrace-replicas-not-ready').for).toBe('15m');
    expect(rules.find((r) => r.uid === 'scaletrace-hpa-at-max-errors').data[0].model.expr).toContain('> 0.125');
    expect(screen.getByText(/updated 4 alert rules/)).toBeInTheDocument();
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
    const rules = alertRules();
    const requests = fakeBackendSrv(
      {},
      Object.fromEntries(
        rules.map((r) => [
          `GET /api/v1/provisioning/alert-rules/${r.uid}`,
          { uid: r.uid, title: r.name, folderUID: 'f1', ruleGroup: 'scaletrace', provenance: 'file' },
        ])
      )
    );
    await setup();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create alert rules' })));
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
    expect(screen.getByText(/4 rules are already provisioned from files/)).toBeInTheDocument();
    expect(screen.queryByText(/failed/)).not.toBeInTheDocument();
    for (const r of rules) {
      expect(screen.getByRole('link', { name: r.name })).toHaveAttribute('href', `/alerting/grafana/${r.uid}/view`);
    }
  });
});
