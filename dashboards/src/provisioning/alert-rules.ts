import { alertRules, type AlertRule, type AlertThresholds } from '../query/promql-alerts';
import { DATASOURCE_UIDS } from './datasources';

/*
 * The same five rules in two formats: a Prometheus rule file and Grafana's alert-rule file
 * provisioning (Grafana 10/11). Expressions come from the query module, unchanged.
 */

type Json = { [key: string]: unknown };
export const RULE_GROUP = 'scaletrace';

export function prometheusRuleFile(t?: AlertThresholds): Json {
  return {
    groups: [{
      name: RULE_GROUP,
      rules: alertRules(t).map((r) => ({
        alert: r.name, expr: r.expr, for: r.for,
        labels: { severity: r.severity },
        annotations: { summary: r.summary, description: r.description },
      })),
    }],
  };
}

/** Grafana templates read a query's value as $values.<refId>.Value, not Prometheus' $value. */
const grafanaText = (s: string): string => s.replace(/\$value\b/g, '$values.B.Value');

function grafanaRule(r: AlertRule): Json {
  return {
    uid: r.uid, title: r.name, condition: 'C',
    data: [
      {
        refId: 'A', datasourceUid: DATASOURCE_UIDS.prometheus, relativeTimeRange: { from: 600, to: 0 },
        model: { refId: 'A', expr: r.expr, instant: true, range: false, intervalMs: 1000, maxDataPoints: 43200 },
      },
      { refId: 'B', datasourceUid: '__expr__', model: { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last', settings: { mode: 'dropNN' } } },
      { refId: 'C', datasourceUid: '__expr__', model: { refId: 'C', type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gt', params: [0] } }] } },
    ],
    // Every expression returns nothing when all is well: no data is the healthy state.
    noDataState: 'OK', execErrState: 'Error', for: r.for, isPaused: false,
    labels: { severity: r.severity },
    annotations: { summary: grafanaText(r.summary), description: grafanaText(r.description) },
  };
}

/**
 * Grafana expands environment variables (`$NAME`, `${NAME}`, and `$1`) in every string of a
 * provisioning file; `$$` is a literal `$`. Rule queries and templates need their `$` kept.
 */
export function escapeForProvisioning<T>(v: T): T {
  if (typeof v === 'string') return v.replaceAll('$', '$$$$') as T;
  if (Array.isArray(v)) return v.map(escapeForProvisioning) as T;
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeForProvisioning(x)])) as T;
  }
  return v;
}

export function grafanaAlertRuleFile(t?: AlertThresholds): Json {
  return {
    apiVersion: 1,
    groups: [{ orgId: 1, name: RULE_GROUP, folder: 'ScaleTrace', interval: '1m', rules: alertRules(t).map((r) => escapeForProvisioning(grafanaRule(r))) }],
  };
}
