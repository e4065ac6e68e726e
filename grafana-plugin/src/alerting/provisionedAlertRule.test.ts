import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { alertRules } from '@scaletrace/dashboards';

import { PROVISIONED_DATASOURCE_UIDS } from '../settings';
import { ALERT_FOLDER, ALERT_RULE_GROUP, provisionedAlertRule } from './provisionedAlertRule';

const ALERTING_DIR = join(__dirname, '..', '..', '..', 'dashboards', 'provisioning', 'alerting');

/** Grafana's file provisioning writes a literal `$` as `$$`. */
const unescape = <T>(v: T): T => JSON.parse(JSON.stringify(v).replaceAll('$$', '$'));

describe('provisionedAlertRule', () => {
  it('turns a shared rule into a Grafana-managed rule that fires when the PromQL returns anything', () => {
    const [rule] = alertRules();
    const p = provisionedAlertRule(rule!, 'prom');
    expect(p).toMatchObject({
      uid: rule!.uid,
      title: rule!.name,
      folderUID: ALERT_FOLDER.uid,
      ruleGroup: ALERT_RULE_GROUP,
      condition: 'C',
      for: rule!.for,
    });
    expect(p.data[0]).toMatchObject({ refId: 'A', datasourceUid: 'prom', model: { expr: rule!.expr, instant: true } });
    expect(p.data[2]!.model).toEqual({
      refId: 'C',
      type: 'threshold',
      expression: 'B',
      conditions: [{ evaluator: { type: 'gt', params: [0] } }],
    });
    expect(p.noDataState).toBe('OK');
  });

  // The button on the Scaling page must create the very rules provisioning creates.
  it('is, rule for rule, what dashboards/provisioning/alerting provisions (but for the chosen Prometheus)', () => {
    const files = readdirSync(ALERTING_DIR).filter((f) => /\.ya?ml$/.test(f));
    const groups = files.flatMap(
      (f) =>
        (
          parse(readFileSync(join(ALERTING_DIR, f), 'utf8')) as {
            groups: Array<{ name: string; folder: string; rules: unknown[] }>;
          }
        ).groups
    );
    expect(groups.map((g) => [g.name, g.folder])).toEqual([[ALERT_RULE_GROUP, ALERT_FOLDER.title]]);
    const provisioned = unescape(groups[0]!.rules) as Array<
      Record<string, unknown> & { data: Array<{ datasourceUid: string }> }
    >;
    const ours = alertRules().map((r) => provisionedAlertRule(r, PROVISIONED_DATASOURCE_UIDS.prometheus));
    expect(provisioned).toEqual(ours.map(({ folderUID: _f, ruleGroup: _g, ...rule }) => rule));
  });
});
