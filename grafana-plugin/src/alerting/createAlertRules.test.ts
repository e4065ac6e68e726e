import { alertRules, DEFAULT_ALERT_THRESHOLDS } from '@scaletrace/dashboards';

import { fakeBackendSrv } from '../test/fakeBackendSrv';
import { createAlertRules } from './createAlertRules';
import { ALERT_FOLDER, provisionedAlertRule } from './provisionedAlertRule';

const THRESHOLDS = { ...DEFAULT_ALERT_THRESHOLDS, scalingLagS: 30, errorRatio: 0.1 };
const UIDS = alertRules(THRESHOLDS).map((r) => r.uid);

describe('createAlertRules', () => {
  it('creates the folder and every rule when none exist (PUT 404 → POST)', async () => {
    const requests = fakeBackendSrv(
      Object.fromEntries(UIDS.map((uid) => [`PUT /api/v1/provisioning/alert-rules/${uid}`, 404]))
    );
    const result = await createAlertRules(THRESHOLDS, 'prom-1');
    expect(result).toEqual({ created: UIDS, updated: [] });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/search',
      'POST /api/folders',
      ...UIDS.flatMap((uid) => [
        `PUT /api/v1/provisioning/alert-rules/${uid}`,
        'POST /api/v1/provisioning/alert-rules',
      ]),
    ]);
    expect(requests[1]!.data).toEqual({ uid: ALERT_FOLDER.uid, title: ALERT_FOLDER.title });
    const posted = requests.filter((r) => r.url === '/api/v1/provisioning/alert-rules');
    expect(posted.map((r) => r.data)).toEqual(
      alertRules(THRESHOLDS).map((rule) => provisionedAlertRule(rule, 'prom-1'))
    );
    expect(posted.every((r) => r.headers?.['X-Disable-Provenance'] === 'true')).toBe(true);
  });

  it('updates the rules in the folder provisioning already made, with the thresholds picked', async () => {
    const requests = fakeBackendSrv({}, { 'GET /api/search': [{ uid: 'f-from-files', title: 'ScaleTrace' }] });
    const result = await createAlertRules(THRESHOLDS, 'prom-1');
    expect(result).toEqual({ created: [], updated: UIDS });
    expect(requests.some((r) => r.url === '/api/folders')).toBe(false);
    const lag = requests.find((r) => r.url.endsWith('/scaletrace-scaling-lag-high'))!.data;
    expect(lag.folderUID).toBe('f-from-files');
    expect(lag.data[0].model.expr).toContain('le="30"');
    expect(lag.data[0].datasourceUid).toBe('prom-1');
  });

  it('fails with the HTTP status when Grafana refuses', async () => {
    fakeBackendSrv({ 'GET /api/search': 403 });
    await expect(createAlertRules(THRESHOLDS, 'prom-1')).rejects.toMatchObject({ status: 403 });
    fakeBackendSrv({ 'PUT /api/v1/provisioning/alert-rules/scaletrace-scaling-lag-high': 400 });
    await expect(createAlertRules(THRESHOLDS, 'prom-1')).rejects.toThrow(
      'Updating alert rule scaletrace-scaling-lag-high failed: HTTP 400'
    );
  });
});
