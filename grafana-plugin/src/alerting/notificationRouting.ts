import type { AlertRule } from '@scaletrace/dashboards';

import { grafanaRequest } from './grafanaApi';
import { ALERT_FOLDER } from './provisionedAlertRule';

/** A node of Grafana's notification policy tree (GET /api/v1/provisioning/policies). */
export interface NotificationPolicy {
  receiver?: string;
  object_matchers?: Array<[string, string, string]>;
  routes?: NotificationPolicy[];
  continue?: boolean;
}

/** One contact point: Grafana lists one entry per integration, all under the contact point's name. */
interface ContactPointIntegration {
  uid?: string;
  name: string;
  type: string;
}

export interface ContactPoint {
  name: string;
  /** Integration types (email, slack, …); empty when Grafana lists no contact point of that name. */
  types: string[];
}

export interface NotificationRouting {
  /** The root policy's receiver: where an alert goes when no nested policy matches. */
  defaultContactPoint: ContactPoint;
  /** Contact points per rule uid, as the policy tree routes the rule's labels. */
  byRule: Record<string, ContactPoint[]>;
}

const matches = (labels: Record<string, string>, [name, op, value]: [string, string, string]): boolean => {
  const v = labels[name] ?? '';
  switch (op) {
    case '=':
      return v === value;
    case '!=':
      return v !== value;
    // Alertmanager regexes match the whole value.
    case '=~':
      return new RegExp(`^(?:${value})$`).test(v);
    case '!~':
      return !new RegExp(`^(?:${value})$`).test(v);
    default:
      return false;
  }
};

/** Receivers of an alert with these labels, the way Alertmanager walks the tree (first match unless `continue`). */
export function receiversFor(policy: NotificationPolicy, labels: Record<string, string>, inherited = ''): string[] {
  const receiver = policy.receiver || inherited;
  const found: string[] = [];
  for (const child of policy.routes ?? []) {
    if ((child.object_matchers ?? []).every((m) => matches(labels, m))) {
      found.push(...receiversFor(child, labels, receiver));
      if (!child.continue) {
        break;
      }
    }
  }
  return found.length > 0 ? [...new Set(found)] : [receiver];
}

/** Where the rules' notifications go: reads the policy tree and the contact points (may throw GrafanaApiError, e.g. 403). */
export async function notificationRouting(rules: AlertRule[]): Promise<NotificationRouting> {
  const policy = await grafanaRequest<NotificationPolicy>(
    { url: '/api/v1/provisioning/policies', method: 'GET' },
    'Reading the notification policies'
  );
  const integrations = await grafanaRequest<ContactPointIntegration[]>(
    { url: '/api/v1/provisioning/contact-points', method: 'GET' },
    'Reading the contact points'
  );
  const contactPoint = (name: string): ContactPoint => ({
    name,
    types: [...new Set(integrations.filter((i) => i.name === name).map((i) => i.type))],
  });
  // The labels Grafana gives a rule's alerts: its own, plus alertname and grafana_folder.
  const byRule = Object.fromEntries(
    rules.map((r) => [
      r.uid,
      receiversFor(policy, { alertname: r.name, grafana_folder: ALERT_FOLDER.title, severity: r.severity }).map(
        contactPoint
      ),
    ])
  );
  return { defaultContactPoint: contactPoint(policy.receiver ?? ''), byRule };
}
