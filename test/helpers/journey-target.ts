import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small login-then-cart service, to run flows against: POST /login with a user's email and
 * password (JSON) answers a bearer token in the body, a session id in `x-session-id` and a `sid`
 * cookie; GET /cart needs that token AND that cookie, and answers `{ items: [{ id }] }`. It keeps
 * every login and every prompt id it received, so a test can check that each data row was used
 * exactly once. `/cart?empty=1` answers an empty list (a failing `exists` check); `/login` with
 * `"noToken": true` answers no token (a failing capture).
 */
export interface JourneyTarget {
  url: string;
  /** Emails of the successful logins, in arrival order. */
  logins: string[];
  /** Login attempts with a wrong password. */
  badLogins: number;
  /** Prompt ids of the carts served. */
  prompts: string[];
  /** Carts refused (no or unknown token, or the cookie missing). */
  refused: number;
  /** `traceparent` of every request, by path. */
  traceparents: Array<{ path: string; traceparent: string }>;
  close(): Promise<void>;
}

/** `password` of a user in the test's users.csv: derived, so the server can check it. */
export const passwordOf = (email: string): string => `pw-${email.split('@')[0] ?? ''}`;

export async function startJourneyTarget(): Promise<JourneyTarget> {
  const sessions = new Map<string, string>(); // token → sid
  const state: Omit<JourneyTarget, 'url' | 'close'> = { logins: [], badLogins: 0, prompts: [], refused: 0, traceparents: [] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    state.traceparents.push({ path: url.pathname, traceparent: String(req.headers.traceparent ?? '') });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && url.pathname === '/login') {
        let body: { user?: string; password?: string; noToken?: boolean } = {};
        try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body; } catch { /* empty */ }
        if (typeof body.user !== 'string' || body.password !== passwordOf(body.user)) {
          state.badLogins++;
          json(403, { error: 'bad credentials' });
          return;
        }
        state.logins.push(body.user);
        if (body.noToken === true) {
          json(200, { welcome: body.user });
          return;
        }
        const token = randomBytes(12).toString('hex');
        const sid = randomBytes(8).toString('hex');
        sessions.set(token, sid);
        json(200, { token, user: body.user }, { 'x-session-id': sid, 'set-cookie': `sid=${sid}; Path=/; HttpOnly` });
        return;
      }
      if (url.pathname === '/cart') {
        const auth = String(req.headers.authorization ?? '');
        const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
        const sid = sessions.get(token);
        const cookie = String(req.headers.cookie ?? '');
        if (sid === undefined || !cookie.split(/;\s*/).includes(`sid=${sid}`) || req.headers['x-session-id'] !== sid) {
          state.refused++;
          json(401, { error: 'no session' });
          return;
        }
        const prompt = url.searchParams.get('prompt') ?? '';
        state.prompts.push(prompt);
        json(200, { items: url.searchParams.get('empty') === '1' ? [] : [{ id: `item-${prompt}` }], session: sid });
        return;
      }
      json(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}
