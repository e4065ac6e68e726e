import { lastValueFrom } from 'rxjs';
import type { PluginMeta } from '@grafana/data';
import { getBackendSrv, locationService } from '@grafana/runtime';

import type { AppSettings } from '../../settings';

/** Saves the app's settings and reloads: Grafana offers no way to push new plugin meta to a running app. */
export async function saveAppSettings(pluginId: string, data: Partial<PluginMeta<AppSettings>>): Promise<void> {
  try {
    await lastValueFrom(getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data }));
    locationService.reload();
  } catch (e) {
    console.error('Saving the ScaleTrace app settings failed', e);
  }
}
