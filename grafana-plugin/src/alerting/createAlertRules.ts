import { lastValueFrom } from 'rxjs';
import { getBackendSrv, isFetchError, type BackendSrvRequest } from '@grafana/runtime';
import { alertRules, type AlertThresholds } from '@scaletrace/dashboards';

import { ALERT_FOLDER, provisionedAlertRule } from './provisionedAlertRule';

export interface CreatedAlertRules {
  created: string[];
  updated: string[];
}

// Rules made from the UI stay editable there (provenance "api" would lock them).
const HEADERS = { 'X-Disable-Provenance': 'true' };

async function request<T>(req: BackendSrvRequest): Promise<T> {
  const res = await lastValueFrom(getBackendSrv().fetch<T>({ showErrorAlert: false, showSuccessAlert: false, ...req }));
  return res.data;
}

/** undefined when the request succeeded, else the HTTP status. */
async function status(req: BackendSrvRequest): Promise<number | undefined> {
  try {
    await request(req);
    return undefined;
  } catch (e) {
    if (isFetchError(e)) {
      return e.status;
    }
    throw e;
  }
}

/**
 * The ScaleTrace folder's uid: the one file provisioning made (found by title), else ours,
 * created when missing.
 */
async function folderUid(): Promise<string> {
  const found = await request<Array<{ uid: string; title: string }>>({
    url: '/api/search',
    method: 'GET',
    params: { type: 'dash-folder', query: ALERT_FOLDER.title },
  });
  const existing = found.find((f) => f.title === ALERT_FOLDER.title);
  if (existing) {
    return existing.uid;
  }
  await request({ url: '/api/folders', method: 'POST', data: { uid: ALERT_FOLDER.uid, title: ALERT_FOLDER.title } });
  return ALERT_FOLDER.uid;
}

/** Creates (or updates, by uid) the four ScaleTrace alert rules through Grafana's provisioning API. */
export async function createAlertRules(thresholds: AlertThresholds, prometheusUid: string): Promise<CreatedAlertRules> {
  const folder = await folderUid();
  const result: CreatedAlertRules = { created: [], updated: [] };
  for (const rule of alertRules(thresholds)) {
    const body = provisionedAlertRule(rule, prometheusUid, folder);
    const update = await status({
      url: `/api/v1/provisioning/alert-rules/${rule.uid}`,
      method: 'PUT',
      data: body,
      headers: HEADERS,
    });
    if (update === undefined) {
      result.updated.push(rule.uid);
    } else if (update === 404) {
      await request({ url: '/api/v1/provisioning/alert-rules', method: 'POST', data: body, headers: HEADERS });
      result.created.push(rule.uid);
    } else {
      // 400/403 for a rule provisioned from files: those change in dashboards/provisioning, not here.
      throw new Error(
        `Updating alert rule ${rule.uid} failed: HTTP ${update} (a rule provisioned from files cannot be changed here)`
      );
    }
  }
  return result;
}
