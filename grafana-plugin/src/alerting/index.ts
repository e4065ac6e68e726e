export { alertRuleUrl, alertRulesListUrl, createAlertRules, type CreatedAlertRules } from './createAlertRules';
export {
  notificationRouting,
  receiversFor,
  type ContactPoint,
  type NotificationPolicy,
  type NotificationRouting,
} from './notificationRouting';
export { GrafanaApiError } from './grafanaApi';
export {
  provisionedAlertRule,
  ALERT_FOLDER,
  ALERT_RULE_GROUP,
  type ProvisionedAlertRule,
} from './provisionedAlertRule';
