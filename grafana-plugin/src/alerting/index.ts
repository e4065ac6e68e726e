export { alertRuleUrl, createAlertRules, type CreatedAlertRules } from './createAlertRules';
export { GrafanaApiError } from './grafanaApi';
export {
  provisionedAlertRule,
  ALERT_FOLDER,
  ALERT_RULE_GROUP,
  type ProvisionedAlertRule,
} from './provisionedAlertRule';
