import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
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

describe('Create alert rules', () => {
  beforeEach(setupSceneTestEnv);

  it('creates the rules with the thresholds picked, against the page’s Prometheus', async () => {
    const requests = fakeBackendSrv({});
    await setup();
    fireEvent.change(screen.getByLabelText('Error rate threshold'), { target: { value: '12.5' } });
    fireEvent.change(screen.getByLabelText('Replicas not ready for'), { target: { value: '15m' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create alert rules' })));

    const rules = requests.filter((r) => r.url.startsWith('/api/v1/provisioning/alert-rules/')).map((r) => r.data);
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

  it('shows Grafana’s refusal', async () => {
    fakeBackendSrv({ 'GET /api/search': 403 });
    await setup();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create alert rules' })));
    expect(screen.getByText('Creating the alert rules failed: HTTP 403')).toBeInTheDocument();
  });
});
