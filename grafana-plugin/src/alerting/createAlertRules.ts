import { alertRules, type AlertThresholds } from '@scaletrace/dashboards';

import { GrafanaApiError, grafanaRequest } from './grafanaApi';
import {
  ALERT_FOLDER,
  ALERT_RULE_GROUP,
  provisionedAlertRule,
  type ProvisionedAlertRule,
} from './provisionedAlertRule';

export interface CreatedAlertRules {
  created: string[];
  updated: string[];
  /** Rules Grafana already has from file provisioning (dashboards/provisioning/alerting): left as they are. */
  fromFiles: Array<{ uid: string; title: string }>;
}

/** A rule as GET /api/v1/provisioning/alert-rules/{uid} answers: `provenance` is absent when none. */
type StoredAlertRule = Partial<ProvisionedAlertRule> & { provenance?: string };

/** Grafana's page of one alert rule. */
export const alertRuleUrl = (uid: string): string => `/alerting/grafana/${encodeURIComponent(uid)}/view`;

/** Grafana's alert list, searched for the ScaleTrace group (Grafana 12's search syntax). */
export const alertRulesListUrl = (): string =>
  `/alerting/list?search=${encodeURIComponent(`namespace:${ALERT_FOLDER.title} group:${ALERT_RULE_GROUP}`)}`;

/*
 * Rules made here get no provenance (X-Disable-Provenance), so they stay editable in Grafana's
 * alerting UI like rules made there. Grafana refuses any update that changes a stored provenance:
 * a rule with none is updated with the header, one with "api" (made by another API client) without.
 */
const NO_PROVENANCE = { 'X-Disable-Provenance': 'true' };

const RULES_URL = '/api/v1/provisioning/alert-rules';

/** The stored rule, or undefined when Grafana has none with this uid. */
async function storedRule(uid: string): Promise<StoredAlertRule | undefined> {
  try {
    return await grafanaRequest<StoredAlertRule>(
      { url: `${RULES_URL}/${uid}`, method: 'GET' },
      `Reading alert rule ${uid}`
    );
  } catch (e) {
    if (e instanceof GrafanaApiError && e.status === 404) {
      return undefined;
    }
    throw e;
  }
}

/**
 * The ScaleTrace folder's uid: the one file provisioning made (found by title), else ours,
 * created when missing.
 */
async function folderUid(): Promise<string> {
  const found = await grafanaRequest<Array<{ uid: string; title: string }>>(
    { url: '/api/search', method: 'GET', params: { type: 'dash-folder', query: ALERT_FOLDER.title } },
    `Looking up the folder ${ALERT_FOLDER.title}`
  );
  const existing = found.find((f) => f.title === ALERT_FOLDER.title);
  if (existing) {
    return existing.uid;
  }
  await grafanaRequest(
    { url: '/api/folders', method: 'POST', data: { uid: ALERT_FOLDER.uid, title: ALERT_FOLDER.title } },
    `Creating the folder ${ALERT_FOLDER.title}`
  );
  return ALERT_FOLDER.uid;
}

/**
 * Creates (or updates, by uid) the ScaleTrace alert rules through Grafana's provisioning API.
 *
 * Rules that Grafana has from file provisioning are left alone and reported: Grafana forbids
 * changing them through the API, and copies under other uids would alert twice for one problem.
 * Their thresholds are changed in the provisioning files, which is what a user of those expects.
 */
export async function createAlertRules(thresholds: AlertThresholds, prometheusUid: string): Promise<CreatedAlertRules> {
  const result: CreatedAlertRules = { created: [], updated: [], fromFiles: [] };
  let folder: string | undefined;
  for (const rule of alertRules(thresholds)) {
    const stored = await storedRule(rule.uid);
    if (stored?.provenance === 'file') {
      result.fromFiles.push({ uid: rule.uid, title: stored.title ?? rule.name });
      continue;
    }
    if (stored === undefined) {
      folder ??= await folderUid();
      await grafanaRequest(
        {
          url: RULES_URL,
          method: 'POST',
          data: provisionedAlertRule(rule, prometheusUid, folder),
          headers: NO_PROVENANCE,
        },
        `Creating alert rule ${rule.uid}`
      );
      result.created.push(rule.uid);
      continue;
    }
    // Updated where it is: a user who moved the rule to another folder or group keeps it there.
    const body = {
      ...provisionedAlertRule(rule, prometheusUid, stored.folderUID ?? (folder ??= await folderUid())),
      ...(stored.ruleGroup ? { ruleGroup: stored.ruleGroup } : {}),
    };
    await grafanaRequest(
      {
        url: `${RULES_URL}/${rule.uid}`,
        method: 'PUT',
        data: body,
        headers: stored.provenance ? {} : NO_PROVENANCE,
      },
      `Updating alert rule ${rule.uid}`
    );
    result.updated.push(rule.uid);
  }
  return result;
}
