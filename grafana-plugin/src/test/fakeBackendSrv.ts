import { of, throwError } from 'rxjs';
import { setBackendSrv, type BackendSrvRequest } from '@grafana/runtime';

/**
 * Grafana's HTTP API as a table of `METHOD url` → status (default 200) and response bodies
 * (default {}); records every request made. A status ≥ 400 fails the way getBackendSrv().fetch
 * does: with a FetchError (a plain object, not an Error) whose `data` is Grafana's JSON error
 * body (the table's, e.g. `{ message }`, else none, as Grafana's empty 404s). Without a body in
 * the table, reads answer as a fresh Grafana 12 does (FRESH_GRAFANA).
 */
export function fakeBackendSrv(statuses: Record<string, number>, bodies: Record<string, unknown> = {}) {
  const requests: BackendSrvRequest[] = [];
  setBackendSrv({
    fetch: (req: BackendSrvRequest) => {
      requests.push(req);
      const key = `${req.method} ${req.url}`;
      const status = statuses[key] ?? 200;
      return status >= 400
        ? throwError(() => ({ status, statusText: STATUS_TEXT[status] ?? '', data: bodies[key] ?? {}, config: req }))
        : of({
            status,
            ok: true,
            data: bodies[key] ?? FRESH_GRAFANA[key] ?? {},
            config: req,
            headers: new Headers(),
            redirected: false,
            statusText: 'OK',
            type: 'basic',
            url: req.url,
          });
    },
  } as never);
  return requests;
}

/** What a fresh Grafana 12 answers: one contact point (email), the default policy routing to it. */
export const FRESH_GRAFANA: Record<string, unknown> = {
  'GET /api/search': [],
  'GET /api/v1/provisioning/policies': {
    receiver: 'grafana-default-email',
    group_by: ['grafana_folder', 'alertname'],
  },
  'GET /api/v1/provisioning/contact-points': [
    {
      uid: 'cdd2kqvxsyy9sa',
      name: 'grafana-default-email',
      type: 'email',
      settings: { addresses: '<example@email.com>' },
      disableResolveMessage: false,
    },
  ],
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};
