import { of, throwError } from 'rxjs';
import { setBackendSrv, type BackendSrvRequest } from '@grafana/runtime';

/**
 * Grafana's HTTP API as a table of `METHOD url` → status (default 200) and response bodies
 * (default {}); records every request made.
 */
export function fakeBackendSrv(statuses: Record<string, number>, bodies: Record<string, unknown> = {}) {
  const requests: BackendSrvRequest[] = [];
  setBackendSrv({
    fetch: (req: BackendSrvRequest) => {
      requests.push(req);
      const key = `${req.method} ${req.url}`;
      const status = statuses[key] ?? 200;
      return status >= 400
        ? throwError(() => ({ status, data: { message: `HTTP ${status}` }, config: req }))
        : of({
            status,
            ok: true,
            data: bodies[key] ?? (req.url === '/api/search' ? [] : {}),
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
