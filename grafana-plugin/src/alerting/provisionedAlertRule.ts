import type { AlertRule } from '@scaletrace/dashboards';

/** Where the rules live: the folder and group dashboards/provisioning/alerting provisions them in. */
export const ALERT_FOLDER = { uid: 'scaletrace', title: 'ScaleTrace' } as const;
export const ALERT_RULE_GROUP = 'scaletrace';

/** How far back each rule's query looks (s); the expressions carry their own windows. */
const QUERY_LOOKBACK_S = 600;

/** Body of Grafana's provisioning API (POST/PUT /api/v1/provisioning/alert-rules). */
export interface ProvisionedAlertRule {
  uid: string;
  title: string;
  folderUID: string;
  ruleGroup: string;
  condition: string;
  data: Array<{
    refId: string;
    datasourceUid: string;
    relativeTimeRange?: { from: number; to: number };
    model: Record<string, unknown>;
  }>;
  for: string;
  noDataState: 'OK' | 'NoData' | 'Alerting';
  execErrState: 'OK' | 'Error' | 'Alerting';
  isPaused: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Grafana templates read a query's value as $values.<refId>.Value, not Prometheus' $value. */
const grafanaText = (s: string): string => s.replace(/\$value\b/g, '$values.B.Value');

/**
 * The Grafana-managed form of a shared rule, query by query as dashboards/provisioning/alerting
 * has it: the PromQL returns one series per problem and nothing when all is well, so "last value
 * above 0" fires and no data is OK.
 */
export function provisionedAlertRule(
  rule: AlertRule,
  prometheusUid: string,
  folderUid: string = ALERT_FOLDER.uid
): ProvisionedAlertRule {
  return {
    uid: rule.uid,
    title: rule.name,
    folderUID: folderUid,
    ruleGroup: ALERT_RULE_GROUP,
    condition: 'C',
    data: [
      {
        refId: 'A',
        datasourceUid: prometheusUid,
        relativeTimeRange: { from: QUERY_LOOKBACK_S, to: 0 },
        model: { refId: 'A', expr: rule.expr, instant: true, range: false, intervalMs: 1000, maxDataPoints: 43200 },
      },
      {
        refId: 'B',
        datasourceUid: '__expr__',
        model: { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last', settings: { mode: 'dropNN' } },
      },
      {
        refId: 'C',
        datasourceUid: '__expr__',
        model: {
          refId: 'C',
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator: { type: 'gt', params: [0] } }],
        },
      },
    ],
    for: rule.for,
    noDataState: 'OK',
    execErrState: 'Error',
    isPaused: false,
    labels: { severity: rule.severity },
    annotations: { summary: grafanaText(rule.summary), description: grafanaText(rule.description) },
  };
}
