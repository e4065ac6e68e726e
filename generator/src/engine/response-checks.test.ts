import { bodyExcerpt, ResponseChecks, type ResponseView } from './response-checks';

const view = (body: string | undefined, headers: Record<string, string> = {}, durationMs = 10): ResponseView => ({
  body, durationMs, header: (name) => headers[name],
});

describe('ResponseChecks', () => {
  it('json matchers: exists, equals, matches, each failure named as written', () => {
    const checks = new ResponseChecks({
      json: [
        { path: '$.items[0].id', exists: true },
        { path: '$.status', equals: 'ok' },
        { path: '$.count', equals: 2 },
        { path: '$.user.email', matches: '@example\\.com$' },
        { path: '$.error', exists: false },
      ],
    }, []);
    expect(checks.readsBody).toBe(true);
    const ok = '{"items":[{"id":"a"}],"status":"ok","count":2,"user":{"email":"u@example.com"}}';
    expect(checks.evaluate(view(ok), undefined)).toBeUndefined();
    expect(checks.evaluate(view('{"items":[],"status":"ok","count":2}'), undefined))
      .toEqual({ errorType: 'expectation_failed', check: 'json $.items[0].id exists (absent)' });
    expect(checks.evaluate(view('{"items":[{"id":1}],"status":"degraded"}'), undefined))
      .toEqual({ errorType: 'expectation_failed', check: 'json $.status equals "ok" (was "degraded")' });
    expect(checks.evaluate(view('{"items":[{"id":1}],"status":"ok","count":"2"}'), undefined)?.check)
      .toBe('json $.count equals 2 (was "2")');
    expect(checks.evaluate(view('{"items":[{"id":1}],"status":"ok","count":2,"user":{"email":"u@evil.org"}}'), undefined)?.check)
      .toBe('json $.user.email matches /@example\\.com$/ (was "u@evil.org")');
    expect(checks.evaluate(view(ok.replace('}}', '},"error":"x"}')), undefined)?.check).toBe('json $.error is absent (was "x")');
    expect(checks.evaluate(view('<html>oops</html>'), undefined)?.check).toBe('json $.items[0].id: the body is not JSON');
  });

  it('header matchers and maxDuration', () => {
    const checks = new ResponseChecks({ headers: [{ name: 'content-type', matches: 'json' }], maxDurationMs: 2000 }, []);
    expect(checks.readsHeaders).toBe(true);
    expect(checks.readsBody).toBe(false);
    expect(checks.evaluate(view(undefined, { 'content-type': 'application/json' }, 1999), undefined)).toBeUndefined();
    expect(checks.evaluate(view(undefined, { 'content-type': 'application/json' }, 2300), undefined)?.check).toBe('maxDuration 2s (took 2.30s)');
    expect(checks.evaluate(view(undefined, { 'content-type': 'text/html' }), undefined)?.check).toBe('header content-type matches /json/ (was "text/html")');
    expect(checks.evaluate(view(undefined, {}), undefined)?.check).toBe('header content-type matches /json/ (was absent)');
  });

  it('captures fill vars from JSON, a header and a regex group; one that finds nothing is capture_failed', () => {
    const checks = new ResponseChecks(undefined, [
      { name: 'token', from: { kind: 'json', path: '$.token' }, expr: '$.token' },
      { name: 'n', from: { kind: 'json', path: '$.n' }, expr: '$.n' },
      { name: 'session', from: { kind: 'header', name: 'x-session-id' }, expr: 'header:x-session-id' },
      { name: 'order', from: { kind: 'regex', pattern: 'order-(\\d+)' }, expr: 'regex:order-(\\d+)' },
    ]);
    expect(checks.capturing).toBe(true);
    const vars: Record<string, string> = {};
    expect(checks.evaluate(view('{"token":"t0k","n":42,"note":"order-77"}', { 'x-session-id': 's1' }), vars)).toBeUndefined();
    expect(vars).toEqual({ token: 't0k', n: '42', session: 's1', order: '77' });
    expect(checks.evaluate(view('{"n":1,"note":"order-1"}', { 'x-session-id': 's1' }), {}))
      .toEqual({ errorType: 'capture_failed', check: 'capture token ($.token) found nothing' });
    expect(checks.evaluate(view('{"token":"a","n":1}', { 'x-session-id': 's1' }), {})?.check).toBe('capture order (regex:order-(\\d+)) found nothing');
  });

  it('expectations are checked before captures: a failed step captures nothing', () => {
    const checks = new ResponseChecks({ json: [{ path: '$.ok', equals: true }] }, [{ name: 'token', from: { kind: 'json', path: '$.token' }, expr: '$.token' }]);
    const vars: Record<string, string> = {};
    expect(checks.evaluate(view('{"ok":false,"token":"x"}'), vars)?.errorType).toBe('expectation_failed');
    expect(vars).toEqual({});
  });
});

describe('bodyExcerpt', () => {
  it('redacts secret-looking JSON values, name=value pairs, bearer tokens and captured values, then cuts to 200 chars', () => {
    const body = JSON.stringify({ token: 'abc123secret', user: 'u1', apiKey: 'k-999', session_id: 's-1', note: 'Bearer eyJhbGciOi.payload.sig', other: 'token=zzz&x=1', echo: 'captured-value-xyz' });
    const out = bodyExcerpt(body, { t: 'captured-value-xyz' }) as string;
    expect(out).not.toMatch(/abc123secret|k-999|s-1"|eyJhbGciOi|zzz|captured-value-xyz/);
    expect(out).toContain('"token":"REDACTED"');
    expect(out).toContain('"user":"u1"');
    expect(out).toContain('Bearer REDACTED');
    expect(bodyExcerpt('x'.repeat(5000))).toHaveLength(200);
    expect(bodyExcerpt('line1\n\n   line2')).toBe('line1 line2');
    expect(bodyExcerpt('')).toBeUndefined();
  });
});
