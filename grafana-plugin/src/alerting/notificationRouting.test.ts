import { alertRules } from '@scaletrace/dashboards';

import { fakeBackendSrv, FRESH_GRAFANA } from '../test/fakeBackendSrv';
import { GrafanaApiError } from './grafanaApi';
import { notificationRouting, receiversFor, type NotificationPolicy } from './notificationRouting';

const RULES = alertRules();
const EMAIL = { name: 'grafana-default-email', types: ['email'] };

// A policy tree as GET /api/v1/provisioning/policies answers it, with nested policies.
const TREE: NotificationPolicy = {
  receiver: 'grafana-default-email',
  routes: [
    { receiver: 'pager', object_matchers: [['severity', '=', 'critical']] },
    {
      object_matchers: [['grafana_folder', '=~', 'Scale.*']],
      routes: [
        { receiver: 'slack-scaling', object_matchers: [['alertname', '!~', '.*Dropping.*']], continue: true },
        { receiver: 'audit' },
      ],
    },
  ],
};

describe('notificationRouting', () => {
  it('on a fresh Grafana, every rule goes to the default contact point', async () => {
    const requests = fakeBackendSrv({});
    const routing = await notificationRouting(RULES);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/provisioning/policies',
      'GET /api/v1/provisioning/contact-points',
    ]);
    expect(routing.defaultContactPoint).toEqual(EMAIL);
    expect(Object.values(routing.byRule)).toEqual(RULES.map(() => [EMAIL]));
  });

  it('follows nested policies as Alertmanager does: first match, unless continue; anchored regexes', () => {
    const labels = (alertname: string, severity: string) => ({ alertname, grafana_folder: 'ScaleTrace', severity });
    expect(receiversFor(TREE, labels('ScaleTraceHpaAtMaxWithErrors', 'critical'))).toEqual(['pager']);
    expect(receiversFor(TREE, labels('ScaleTraceScaleUpNotReady', 'warning'))).toEqual(['slack-scaling', 'audit']);
    expect(receiversFor(TREE, labels('ScaleTraceGeneratorDroppingSpans', 'warning'))).toEqual(['audit']);
    expect(receiversFor(TREE, { ...labels('X', 'warning'), grafana_folder: 'MyScaleTrace' })).toEqual([
      'grafana-default-email',
    ]);
  });

  it('names each contact point with its integrations', async () => {
    fakeBackendSrv(
      {},
      {
        'GET /api/v1/provisioning/policies': TREE,
        'GET /api/v1/provisioning/contact-points': [
          ...(FRESH_GRAFANA['GET /api/v1/provisioning/contact-points'] as unknown[]),
          { uid: 'p1', name: 'pager', type: 'pagerduty', settings: {} },
          { uid: 's1', name: 'slack-scaling', type: 'slack', settings: {} },
          { uid: 's2', name: 'slack-scaling', type: 'webhook', settings: {} },
        ],
      }
    );
    const { byRule } = await notificationRouting(RULES);
    expect(byRule['scaletrace-hpa-at-max-errors']).toEqual([{ name: 'pager', types: ['pagerduty'] }]);
    expect(byRule['scaletrace-scale-up-not-ready']).toEqual([
      { name: 'slack-scaling', types: ['slack', 'webhook'] },
      { name: 'audit', types: [] },
    ]);
  });

  it('fails with Grafana’s refusal when the policies may not be read', async () => {
    const url = 'GET /api/v1/provisioning/policies';
    fakeBackendSrv({ [url]: 403 }, { [url]: { message: 'You\u2019ll need additional permissions' } });
    await expect(notificationRouting(RULES)).rejects.toEqual(
      new GrafanaApiError('Reading the notification policies', 403, 'You\u2019ll need additional permissions')
    );
  });
});
