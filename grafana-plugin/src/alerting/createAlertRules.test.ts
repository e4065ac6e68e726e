import { alertRules, DEFAULT_ALERT_THRESHOLDS } from '@scaletrace/dashboards';

import { fakeBackendSrv } from '../test/fakeBackendSrv';
import { alertRulesListUrl, alertRuleUrl, createAlertRules } from './createAlertRules';
import { GrafanaApiError } from './grafanaApi';
import { ALERT_FOLDER, provisionedAlertRule } from './provisionedAlertRule';

const THRESHOLDS = { ...DEFAULT_ALERT_THRESHOLDS, scalingLagS: 30, errorRatio: 0.1 };
/** The rules Grafana is asked for, as Grafana's stored copies of them are made below. */
const RULES = alertRules(THRESHOLDS);
const UIDS = [
  'scaletrace-scaling-lag-high',
  'scaletrace-scale-up-not-ready',
  'scaletrace-replicas-not-ready',
  'scaletrace-hpa-at-max-errors',
  'scaletrace-generator-dropping-spans',
];
const ruleUrl = (uid: string) => `/api/v1/provisioning/alert-rules/${uid}`;
const each = <T>(f: (uid: string) => T) => Object.fromEntries(UIDS.map((uid) => [`GET ${ruleUrl(uid)}`, f(uid)]));
// What Grafana answers for a rule: the provisioning API's body, `provenance` omitted when none.
const stored =
  (provenance?: string, folderUID = 'f-from-files', ruleGroup = 'scaletrace') =>
  (uid: string) => ({
    ...provisionedAlertRule(
      RULES.find((r) => r.uid === uid)!,
      'scaletrace-prometheus',
      folderUID
    ),
    ruleGroup,
    ...(provenance ? { provenance } : {}),
  });
// Grafana 12's refusal of a Viewer (access control middleware).
const ACCESS_DENIED = {
  accessErrorId: 'ACE0123456789',
  message:
    "You'll need additional permissions to perform this action. Permissions needed: any of alert.provisioning:read, alert.rules.provisioning:read",
  title: 'Access denied',
};

describe('createAlertRules', () => {
  it('creates the folder and every rule when none exist (GET 404 → POST, no provenance)', async () => {
    const requests = fakeBackendSrv(each(() => 404));
    const result = await createAlertRules(THRESHOLDS, 'prom-1');
    expect(result).toEqual({ created: UIDS, updated: [], fromFiles: [] });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${ruleUrl(UIDS[0]!)}`,
      'GET /api/search',
      'POST /api/folders',
      'POST /api/v1/provisioning/alert-rules',
      ...UIDS.slice(1).flatMap((uid) => [`GET ${ruleUrl(uid)}`, 'POST /api/v1/provisioning/alert-rules']),
    ]);
    expect(requests[2]!.data).toEqual({ uid: ALERT_FOLDER.uid, title: ALERT_FOLDER.title });
    const posted = requests.filter((r) => r.method === 'POST' && r.url === '/api/v1/provisioning/alert-rules');
    expect(posted.map((r) => r.data.uid)).toEqual(UIDS);
    expect(posted.map((r) => [r.data.title, r.data.for, r.data.labels.severity])).toEqual([
      ['ScaleTraceScalingLagHigh', '0m', 'warning'],
      ['ScaleTraceScaleUpNotReady', '30s', 'warning'],
      ['ScaleTraceReplicasNotReady', '10m', 'warning'],
      ['ScaleTraceHpaAtMaxWithErrors', '1m', 'critical'],
      ['ScaleTraceGeneratorDroppingSpans', '0m', 'warning'],
    ]);
    // In the ScaleTrace folder and group, each querying the Prometheus picked, with the thresholds picked.
    expect(posted.every((r) => r.data.folderUID === 'scaletrace' && r.data.ruleGroup === 'scaletrace')).toBe(true);
    expect(posted.map((r) => r.data.data[0].datasourceUid)).toEqual(UIDS.map(() => 'prom-1'));
    expect(posted[0]!.data.data[0].model.expr).toBe(
      'max by (loadtest_run_id, k8s_namespace_name, k8s_hpa_name) (loadtest_scaling_lag_seconds_count{loadtest_scaling_direction="up", loadtest_scaling_phase="total"} - ignoring (le) loadtest_scaling_lag_seconds_bucket{loadtest_scaling_direction="up", loadtest_scaling_phase="total", le="30"}) > 0'
    );
    expect(posted[3]!.data.data[0].model.expr).toContain('> 0.1)');
    expect(posted.every((r) => r.headers?.['X-Disable-Provenance'] === 'true')).toBe(true);
  });

  it('leaves rules provisioned from files alone and reports them (Grafana refuses API edits of those)', async () => {
    const requests = fakeBackendSrv({}, each(stored('file')));
    const result = await createAlertRules(THRESHOLDS, 'prom-1');
    expect(result).toEqual({ created: [], updated: [], fromFiles: RULES.map((r) => ({ uid: r.uid, title: r.name })) });
    // Only reads: no folder, no PUT or POST that Grafana would refuse, no duplicates under other uids.
    expect(requests.map((r) => r.method)).toEqual(UIDS.map(() => 'GET'));
    expect(alertRuleUrl('scaletrace-scaling-lag-high')).toBe('/alerting/grafana/scaletrace-scaling-lag-high/view');
    expect(alertRulesListUrl()).toBe('/alerting/list?search=namespace%3AScaleTrace%20group%3Ascaletrace');
  });

  it('updates rules it made before in place, keeping them editable in the UI (no provenance)', async () => {
    const requests = fakeBackendSrv({}, each(stored(undefined, 'my-folder', 'my-group')));
    const result = await createAlertRules(THRESHOLDS, 'prom-1');
    expect(result).toEqual({ created: [], updated: UIDS, fromFiles: [] });
    const puts = requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.url)).toEqual(UIDS.map(ruleUrl));
    expect(puts.every((r) => r.headers?.['X-Disable-Provenance'] === 'true')).toBe(true);
    expect(requests.some((r) => r.url === '/api/search' || r.url === '/api/folders')).toBe(false);
    const lag = puts.find((r) => r.url.endsWith('/scaletrace-scaling-lag-high'))!.data;
    expect(lag).toMatchObject({ folderUID: 'my-folder', ruleGroup: 'my-group' });
    expect(lag.data[0].model.expr).toContain('le="30"');
    expect(lag.data[0].datasourceUid).toBe('prom-1');
  });

  it('updates a rule another API client made without changing its provenance (Grafana would refuse)', async () => {
    const requests = fakeBackendSrv({}, each(stored('api')));
    expect(await createAlertRules(THRESHOLDS, 'prom-1')).toEqual({ created: [], updated: UIDS, fromFiles: [] });
    const puts = requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(UIDS.length);
    expect(puts.some((r) => r.headers?.['X-Disable-Provenance'] !== undefined)).toBe(false);
  });

  it('does what fits each rule when some come from files and some do not', async () => {
    const uid = UIDS[1]!;
    const requests = fakeBackendSrv(
      { ...each(() => 404), [`GET ${ruleUrl(uid)}`]: 200 },
      {
        'GET /api/search': [{ uid: 'f-from-files', title: 'ScaleTrace' }],
        [`GET ${ruleUrl(uid)}`]: stored('file')(uid),
      }
    );
    const result = await createAlertRules(THRESHOLDS, 'prom-1');
    expect(result.fromFiles.map((r) => r.uid)).toEqual([uid]);
    expect(result.created).toEqual(UIDS.filter((u) => u !== uid));
    const posted = requests.filter((r) => r.method === 'POST' && r.url === '/api/v1/provisioning/alert-rules');
    expect(posted.every((r) => r.data.folderUID === 'f-from-files')).toBe(true);
    expect(requests.filter((r) => r.url === '/api/search')).toHaveLength(1);
  });

  it('fails with Grafana’s status and message (a FetchError is not an Error)', async () => {
    fakeBackendSrv({ [`GET ${ruleUrl(UIDS[0]!)}`]: 403 }, { [`GET ${ruleUrl(UIDS[0]!)}`]: ACCESS_DENIED });
    const refusal = createAlertRules(THRESHOLDS, 'prom-1');
    await expect(refusal).rejects.toBeInstanceOf(GrafanaApiError);
    await expect(refusal).rejects.toMatchObject({
      status: 403,
      message: `Reading alert rule ${UIDS[0]} failed (HTTP 403): ${ACCESS_DENIED.message}`,
    });

    const put = `PUT ${ruleUrl('scaletrace-scaling-lag-high')}`;
    fakeBackendSrv({ [put]: 400 }, { [put]: { message: "cannot change provenance from 'file' to ''" } });
    await expect(createAlertRules(THRESHOLDS, 'prom-1')).rejects.toThrow(
      "Updating alert rule scaletrace-scaling-lag-high failed (HTTP 400): cannot change provenance from 'file' to ''"
    );

    // No JSON body: the status text.
    fakeBackendSrv({ 'GET /api/search': 500, ...each(() => 404) });
    await expect(createAlertRules(THRESHOLDS, 'prom-1')).rejects.toThrow(
      'Looking up the folder ScaleTrace failed (HTTP 500): Internal Server Error'
    );
  });
});
