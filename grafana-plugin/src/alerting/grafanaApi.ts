import { lastValueFrom } from 'rxjs';
import { getBackendSrv, isFetchError, type BackendSrvRequest } from '@grafana/runtime';

/**
 * A request Grafana refused, with its status and its own message. getBackendSrv().fetch fails
 * with a FetchError, a plain object (not an Error): its reason is in `data.message`.
 */
export class GrafanaApiError extends Error {
  readonly code = 'GRAFANA_API_ERROR';

  constructor(
    readonly action: string,
    readonly status: number,
    readonly grafanaMessage?: string
  ) {
    super(`${action} failed (HTTP ${status})${grafanaMessage ? `: ${grafanaMessage}` : ''}`);
    this.name = 'GrafanaApiError';
  }
}

/** What Grafana said: `data.message` of its JSON error, else the status text. */
function reason(e: { data?: unknown; statusText?: string }): string | undefined {
  const message = (e.data as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string' && message !== '') {
    return message;
  }
  return typeof e.data === 'string' && e.data !== '' ? e.data : e.statusText || undefined;
}

/** The response body; a refusal becomes a GrafanaApiError naming `action`. */
export async function grafanaRequest<T>(req: BackendSrvRequest, action: string): Promise<T> {
  try {
    const res = await lastValueFrom(
      getBackendSrv().fetch<T>({ showErrorAlert: false, showSuccessAlert: false, ...req })
    );
    return res.data;
  } catch (e) {
    if (isFetchError(e)) {
      throw new GrafanaApiError(action, e.status, reason(e));
    }
    throw e;
  }
}
