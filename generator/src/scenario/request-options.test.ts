import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ScenarioDir } from './flow-test-helpers';
import { FIXTURES } from './test-helpers';

let dir: ScenarioDir;
beforeAll(() => { dir = new ScenarioDir(); });
afterAll(() => dir.remove());

/** One plain request on line 4; `extra` lines follow `load:` (line 5). */
const oneRequest = (req: string, extra = '') => `name: t\ntarget: http://127.0.0.1:8080\nrequests:\n  - ${req}\nload: { model: open, rate: 1, duration: 1s }\n${extra}`;
/** One flow on lines 4-6 (`flows:`, `- name: f` + `fields`, `steps:`), its step on line 7. */
const oneStep = (step: string, flowFields = '') => [
  'name: t', 'target: http://127.0.0.1:8080', 'load: { model: open, rate: 1, duration: 1s }',
  'flows:', `  - name: f${flowFields}`, '    steps:', `      - ${step}`,
].join('\n') + '\n';

describe('expect: json, header, maxDuration', () => {
  it('normalises matchers in the order written; header names lower-cased', () => {
    const s = dir.parse(oneRequest('{ name: a, expect: { status: [200], bodyContains: ok, maxDuration: 1.5s, json: { "$.id": { equals: 7 }, "$.ok": { equals: true }, "$.name": { matches: "^a.*z$" }, "$.gone": { exists: false }, "$.n": { equals: null } }, header: { Content-Type: { matches: json }, X-Pod: { exists: true }, etag: { equals: "abc" }, content-length: { equals: 42 } } } }'));
    expect(s.requests[0]?.expect).toEqual({
      status: [200], bodyContains: 'ok', maxDurationMs: 1500,
      json: [
        { path: '$.id', equals: 7 }, { path: '$.ok', equals: true }, { path: '$.name', matches: '^a.*z$' },
        { path: '$.gone', exists: false }, { path: '$.n', equals: null },
      ],
      headers: [{ name: 'content-type', matches: 'json' }, { name: 'x-pod', exists: true }, { name: 'etag', equals: 'abc' }, { name: 'content-length', equals: '42' }],
    });
  });

  it.each<[string, string, string]>([
    ['two matchers at once', '{ name: a, expect: { json: { "$.id": { exists: true, equals: 1 } } } }',
      'DIR/s.yaml:4:42: requests[0].expect.json.$.id: needs exactly one of equals, exists, matches (got equals and exists)'],
    ['no matcher', '{ name: a, expect: { json: { "$.id": {} } } }', 'DIR/s.yaml:4:42: requests[0].expect.json.$.id: needs exactly one of equals, exists, matches (got none)'],
    ['a matcher that is not a mapping', '{ name: a, expect: { json: { "$.id": 7 } } }',
      'DIR/s.yaml:4:42: requests[0].expect.json.$.id: expected a matcher: { equals: VALUE }, { exists: true|false } or { matches: REGEX }'],
    ['unknown matcher with a hint', '{ name: a, expect: { header: { etag: { equal: x } } } }', 'DIR/s.yaml:4:44: requests[0].expect.header.etag.equal: unknown field (did you mean "equals"?)'],
    ['unknown json matcher with a hint', '{ name: a, expect: { json: { "$.a": { exist: true } } } }', 'DIR/s.yaml:4:43: requests[0].expect.json.$.a.exist: unknown field (did you mean "exists"?)'],
    ['a regex that does not compile', '{ name: a, expect: { json: { "$.a": { matches: "(" } } } }',
      'DIR/s.yaml:4:52: requests[0].expect.json.$.a.matches: not a valid regular expression (Invalid regular expression: /(/: Unterminated group)'],
    ['equals a mapping', '{ name: a, expect: { json: { "$.a": { equals: { b: 1 } } } } }', 'DIR/s.yaml:4:51: requests[0].expect.json.$.a.equals: expected a string, a number, true/false or null'],
    ['exists not a boolean', '{ name: a, expect: { header: { etag: { exists: yes } } } }', 'DIR/s.yaml:4:52: requests[0].expect.header.etag.exists: must be true or false'],
    ['a JSON path without $', '{ name: a, expect: { json: { items.id: { exists: true } } } }', 'DIR/s.yaml:4:34: requests[0].expect.json.items.id: a JSON path starts with $, e.g. $.items[0].id'],
    ['a filter expression', '{ name: a, expect: { json: { "$.a[?(@.b)]": { exists: true } } } }',
      'DIR/s.yaml:4:34: requests[0].expect.json.$.a[?(@.b)]: filter and script expressions are not supported; use a plain path such as $.items[0].id'],
    ['a bad header name', '{ name: a, expect: { header: { "x pod": { exists: true } } } }', 'DIR/s.yaml:4:36: requests[0].expect.header.x pod: "x pod" is not an HTTP header name'],
    ['a header equal to null', '{ name: a, expect: { header: { etag: { equals: null } } } }',
      'DIR/s.yaml:4:52: requests[0].expect.header.etag.equals: a header\'s value is text, never null (for a header that must be absent, write exists: false)'],
    ['maxDuration zero', '{ name: a, expect: { maxDuration: 0s } }', 'DIR/s.yaml:4:39: requests[0].expect.maxDuration: must be > 0'],
    ['unknown expect field with a hint', '{ name: a, expect: { headers: {} } }', 'DIR/s.yaml:4:26: requests[0].expect.headers: unknown field (did you mean "header"?)'],
  ])('%s', (_name, req, expected) => {
    expect(dir.error(oneRequest(req))).toBe(expected);
  });

  it('on a flow step, with a hint for a typo in a step matcher', () => {
    expect(dir.error(oneStep('{ name: a, expect: { json: { "$.a": { matchs: x } } } }'))).toBe('DIR/s.yaml:7:47: flows[0].steps[0].expect.json.$.a.matchs: unknown field (did you mean "matches"?)');
  });
});

describe('capture:', () => {
  it('parses JSON paths, headers (lower-cased) and regexes with a group', () => {
    const s = dir.parse(oneStep('{ name: a, capture: { t: $.data.token, s: "header:X-Session-Id", id: "regex:id=(\\\\d+)", _x2: "regex:(?<n>a)" } }'));
    expect(s.flows[0]?.steps[0]?.capture).toEqual([
      { name: 't', from: { kind: 'json', path: '$.data.token' }, expr: '$.data.token' },
      { name: 's', from: { kind: 'header', name: 'x-session-id' }, expr: 'header:X-Session-Id' },
      { name: 'id', from: { kind: 'regex', pattern: 'id=(\\d+)' }, expr: 'regex:id=(\\d+)' },
      { name: '_x2', from: { kind: 'regex', pattern: '(?<n>a)' }, expr: 'regex:(?<n>a)' },
    ]);
  });

  it.each<[string, string, string]>([
    ['an unknown source', '{ name: a, capture: { t: token } }', 'DIR/s.yaml:7:34: flows[0].steps[0].capture.t: "token": expected a JSON path ($.token), header:NAME or regex:PATTERN'],
    ['a regex without a group', '{ name: a, capture: { t: "regex:id=\\\\d+" } }',
      'DIR/s.yaml:7:34: flows[0].steps[0].capture.t: "id=\\\\d+" has no capture group: the value is group 1, e.g. regex:id=(\\w+)'],
    ['a regex with only a non-capturing group', '{ name: a, capture: { t: "regex:(?:a)b" } }',
      'DIR/s.yaml:7:34: flows[0].steps[0].capture.t: "(?:a)b" has no capture group: the value is group 1, e.g. regex:id=(\\w+)'],
    ['a regex that does not compile', '{ name: a, capture: { t: "regex:a(" } }',
      'DIR/s.yaml:7:34: flows[0].steps[0].capture.t: not a valid regular expression (Invalid regular expression: /a(/: Unterminated group)'],
    ['a bad header', '{ name: a, capture: { t: "header:" } }', 'DIR/s.yaml:7:34: flows[0].steps[0].capture.t: "" is not an HTTP header name (e.g. header:x-session-id)'],
    ['a filter path', '{ name: a, capture: { t: "$..a[?(@.b)]" } }',
      'DIR/s.yaml:7:34: flows[0].steps[0].capture.t: filter and script expressions are not supported; use a plain path such as $.token'],
    ['a name that is not an identifier', '{ name: a, capture: { my-token: $.t } }',
      'DIR/s.yaml:7:31: flows[0].steps[0].capture.my-token: "my-token": a capture name is a letter or _, then letters, digits or _ (it is read as ${vars.my-token})'],
    ['a non-string expression', '{ name: a, capture: { t: 5 } }', 'DIR/s.yaml:7:34: flows[0].steps[0].capture.t: expected $.json.path, header:NAME or regex:PATTERN'],
  ])('%s', (_name, step, expected) => {
    expect(dir.error(oneStep(step))).toBe(expected);
  });

  it('is refused on a plain request (only steps capture)', () => {
    expect(dir.error(oneRequest('{ name: a, capture: { t: $.t } }'))).toBe('DIR/s.yaml:4:16: requests[0].capture: unknown field');
  });
});

describe('tags:', () => {
  it('flow tags apply to its steps; a step\'s own win on a clash; numbers and booleans become text', () => {
    const s = dir.parse(oneStep('{ name: a, tags: { tier: silver, step: "1" } }', '\n    tags: { tier: gold, team: shop, v: 2, beta: true }')
      + 'requests: [ { name: r, tags: { kind: plain } } ]\n');
    expect(s.flows[0]?.tags).toEqual({ tier: 'gold', team: 'shop', v: '2', beta: 'true' });
    expect(s.flows[0]?.steps[0]?.tags).toEqual({ tier: 'silver', team: 'shop', v: '2', beta: 'true', step: '1' });
    expect(s.requests[0]?.tags).toEqual({ kind: 'plain' });
  });

  const eleven = Array.from({ length: 11 }, (_, i) => `t${i}: x`).join(', ');
  const six = (from: number) => Array.from({ length: 6 }, (_, i) => `t${from + i}: x`).join(', ');
  it.each<[string, string, string]>([
    ['a template in a value', oneRequest('{ name: a, tags: { user: "${vu}" } }'),
      'DIR/s.yaml:4:30: requests[0].tags.user: a tag value is a constant, not a template: tags are metric attributes, so their values must be bounded by the scenario (put per-request values in headers or the body)'],
    ['a data reference in a value', oneRequest('{ name: a, tags: { user: "u-${data.users.email}" } }'),
      'DIR/s.yaml:4:30: requests[0].tags.user: a tag value is a constant, not a template: tags are metric attributes, so their values must be bounded by the scenario (put per-request values in headers or the body)'],
    ['a long value', oneRequest(`{ name: a, tags: { tier: ${'x'.repeat(65)} } }`), 'DIR/s.yaml:4:30: requests[0].tags.tier: is 65 characters; a tag value is at most 64'],
    ['an upper-case key', oneRequest('{ name: a, tags: { Tier: gold } }'),
      'DIR/s.yaml:4:24: requests[0].tags.Tier: "Tier": a tag name is lower case: a letter, then letters, digits or _ (it becomes loadtest.tag.Tier)'],
    ['a key with a dash', oneRequest('{ name: a, tags: { my-tier: gold } }'),
      'DIR/s.yaml:4:24: requests[0].tags.my-tier: "my-tier": a tag name is lower case: a letter, then letters, digits or _ (it becomes loadtest.tag.my-tier)'],
    ['eleven on a request', oneRequest(`{ name: a, tags: { ${eleven} } }`),
      'DIR/s.yaml:4:22: requests[0].tags: 11 tags; at most 10 per request, because each is a metric attribute and their combinations multiply the series'],
    ['eleven on a flow', oneStep('{ name: a }', `\n    tags: { ${eleven} }`),
      'DIR/s.yaml:6:11: flows[0].tags: 11 tags; at most 10 per request, because each is a metric attribute and their combinations multiply the series'],
    ['twelve after merging a step\'s with its flow\'s', oneStep(`{ name: a, tags: { ${six(6)} } }`, `\n    tags: { ${six(0)} }`),
      'DIR/s.yaml:8:26: flows[0].steps[0].tags: 12 tags with its flow\'s; at most 10 per request, because each is a metric attribute and their combinations multiply the series'],
    ['a value that is a mapping', oneRequest('{ name: a, tags: { tier: { a: 1 } } }'), 'DIR/s.yaml:4:30: requests[0].tags.tier: a tag value is a constant string (or a number, true/false)'],
  ])('%s', (_name, yaml, expected) => {
    expect(dir.error(yaml)).toBe(expected);
  });
});

describe('tls:, http2:, cookies:', () => {
  const pem = readFileSync(path.join(FIXTURES, 'ca.pem'), 'utf8');

  it('the top level applies to requests and steps that use the scenario target; a request or flow overrides it field by field', () => {
    const s = dir.parse([
      'name: t', 'target: https://127.0.0.1:8443', 'tls: { ca: ca.pem }', 'http2: true',
      'requests:',
      '  - { name: plain }',
      '  - { name: own-target, target: "https://127.0.0.1:9443" }',
      '  - { name: insecure, tls: { insecure: true } }',
      '  - { name: h1, http2: false }',
      'flows:',
      '  - name: f',
      '    http2: false',
      '    steps: [ { name: a }, { name: b, target: "https://127.0.0.1:9443" } ]',
      '  - name: g',
      '    tls: { insecure: true }',
      '    steps: [ { name: a } ]',
      'load: { model: open, rate: 1, duration: 1s }',
    ].join('\n'));
    const ca = { insecure: false, ca: pem, caFile: path.join(dir.dir, 'ca.pem') };
    expect(s.requests.map((r) => [r.name, r.transport])).toEqual([
      ['plain', { http2: true, tls: ca }],
      ['own-target', { http2: false }],
      ['insecure', { http2: true, tls: { insecure: true } }],
      ['h1', { http2: false, tls: ca }],
    ]);
    expect(s.flows.flatMap((f) => f.steps.map((st) => [st.name, st.transport]))).toEqual([
      ['f.a', { http2: false, tls: ca }],
      ['f.b', { http2: false }],
      ['g.a', { http2: true, tls: { insecure: true } }],
    ]);
    // One TlsSpec per tls: block (the engine keys connection pools on it).
    expect(s.requests[0]?.transport.tls).toBe(s.requests[3]?.transport.tls);
  });

  it('cookies: off for plain requests, on in flows, unless set', () => {
    const s = dir.parse(oneStep('{ name: a }') + 'requests: [ { name: r }, { name: c, cookies: true } ]\n');
    expect([...s.requests.map((r) => r.cookies), s.flows[0]?.cookies, s.flows[0]?.steps[0]?.cookies]).toEqual([false, true, true, true]);
  });

  it.each<[string, string, string]>([
    ['an unreadable CA file', 'tls: { ca: nope.pem }', 'DIR/s.yaml:6:12: tls.ca: cannot read "nope.pem" (ENOENT; paths are relative to the scenario file)'],
    ['a CA file that is not PEM', 'tls: { ca: users.csv }', 'DIR/s.yaml:6:12: tls.ca: "users.csv" is not a PEM certificate bundle (expected -----BEGIN CERTIFICATE----- blocks)'],
    ['a damaged certificate', 'tls: { ca: bad.pem }', 'DIR/s.yaml:6:12: tls.ca: certificate 2 in "bad.pem" cannot be read ('],
    ['unknown tls field with a hint', 'tls: { insecur: true }', 'DIR/s.yaml:6:8: tls.insecur: unknown field (did you mean "insecure"?)'],
    ['http2 not a boolean', 'http2: yes', 'DIR/s.yaml:6:8: http2: must be true or false'],
  ])('%s', (_name, extra, expected) => {
    dir.write('bad.pem', `${pem}-----BEGIN CERTIFICATE-----\nMIIBnotacert\n-----END CERTIFICATE-----\n`);
    const message = dir.error(oneRequest('{ name: a }', `${extra}\n`));
    expect(message.slice(0, expected.length)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['tls on a step', oneStep('{ name: a, tls: { insecure: true } }'), 'DIR/s.yaml:7:25: flows[0].steps[0].tls: a step has no tls of its own: set tls: on the flow (it applies to all its steps)'],
    ['http2 on a step', oneStep('{ name: a, http2: true }'), 'DIR/s.yaml:7:27: flows[0].steps[0].http2: a step has no http2 of its own: set http2: on the flow (it applies to all its steps)'],
    ['a CA file on a flow', oneStep('{ name: a }', '\n    tls: { ca: missing.pem }'), 'DIR/s.yaml:6:16: flows[0].tls.ca: cannot read "missing.pem" (ENOENT; paths are relative to the scenario file)'],
    ['a CA file on a request', oneRequest('{ name: a, tls: { ca: missing.pem } }'), 'DIR/s.yaml:4:27: requests[0].tls.ca: cannot read "missing.pem" (ENOENT; paths are relative to the scenario file)'],
    ['unknown flow tls field', oneStep('{ name: a }', '\n    tls: { insecur: true }'), 'DIR/s.yaml:6:12: flows[0].tls.insecur: unknown field (did you mean "insecure"?)'],
    ['unknown request tls field', oneRequest('{ name: a, tls: { ca-file: x } }'), 'DIR/s.yaml:4:23: requests[0].tls.ca-file: unknown field'],
  ])('%s', (_name, yaml, expected) => {
    expect(dir.error(yaml)).toBe(expected);
  });
});
