export { createAlertRules, type CreatedAlertRules } from './createAlertRules';
export {
  provisionedAlertRule,
  ALERT_FOLDER,
  ALERT_RULE_GROUP,
  type ProvisionedAlertRule,
} from './provisionedAlertRule';
