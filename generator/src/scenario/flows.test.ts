import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ScenarioDir } from './flow-test-helpers';
import { FIXTURES } from './test-helpers';
import { everyRequest } from './types';

let dir: ScenarioDir;
beforeAll(() => { dir = new ScenarioDir(); });
afterAll(() => dir.remove());

/** The issue's example, verbatim between `name`/`target` and `load`. */
const ISSUE_EXAMPLE = `name: shop
target: http://127.0.0.1:8080
data:
  users:   { file: users.csv, pick: unique }     # sequential (default, wraps) | random | unique (each row once; the run ends when rows run out)
  prompts: { file: prompts.jsonl, pick: random } # CSV with a header row, or JSON lines
flows:                                           # beside or instead of \`requests:\`; weights mix flows and requests
  - name: checkout
    weight: 1
    steps:
      - name: login
        method: POST
        path: /login
        body: { user: "\${data.users.email}", password: "\${data.users.password}" }
        capture: { token: "$.token", session: "header:x-session-id" }   # JSONPath | header:NAME | regex:PATTERN (group 1)
      - name: cart
        path: /cart?prompt=\${data.prompts.id}
        headers: { authorization: "Bearer \${vars.token}" }
        expect: { status: [200], json: { "$.items[0].id": { exists: true } }, maxDuration: 2s }
        think: 500ms
load: { model: closed, vus: 2, duration: 10s }
thresholds: [ "checkout.cart: p95 < 1s", "checkout.login: error_rate < 1%" ]
`;

describe('flows: the issue example', () => {
  it('normalises data sources, steps named FLOW.STEP, captures, expectations and think time', () => {
    const s = dir.parse(ISSUE_EXAMPLE);
    expect(s.requests).toEqual([]);
    expect(s.data).toEqual([
      { name: 'users', file: path.join(dir.dir, 'users.csv'), format: 'csv', pick: 'unique' },
      { name: 'prompts', file: path.join(dir.dir, 'prompts.jsonl'), format: 'jsonl', pick: 'random' },
    ]);
    expect(s.flows).toEqual([{
      name: 'checkout', weight: 1, tags: {}, cookies: true,
      steps: [
        {
          name: 'checkout.login', step: 'login', method: 'POST', target: 'http://127.0.0.1:8080', path: '/login', weight: 1,
          headers: { 'content-type': 'application/json' },
          body: '{"user":"${data.users.email}","password":"${data.users.password}"}', bodyEscape: 'json',
          expect: undefined, timeoutMs: 30_000, tags: {}, transport: { http2: false }, cookies: true,
          capture: [
            { name: 'token', from: { kind: 'json', path: '$.token' }, expr: '$.token' },
            { name: 'session', from: { kind: 'header', name: 'x-session-id' }, expr: 'header:x-session-id' },
          ],
        },
        {
          name: 'checkout.cart', step: 'cart', method: 'GET', target: 'http://127.0.0.1:8080', path: '/cart?prompt=${data.prompts.id}', weight: 1,
          headers: { authorization: 'Bearer ${vars.token}' }, body: undefined,
          expect: { status: [200], json: [{ path: '$.items[0].id', exists: true }], maxDurationMs: 2000 },
          timeoutMs: 30_000, tags: {}, transport: { http2: false }, cookies: true, capture: [], thinkTime: { minMs: 500, maxMs: 500 },
        },
      ],
    }]);
    expect(s.thresholds.map((t) => t.request)).toEqual(['checkout.cart', 'checkout.login']);
    expect(everyRequest(s).map((r) => r.name)).toEqual(['checkout.login', 'checkout.cart']);
  });

  it('mixes with plain requests by weight; think ranges; cookies off on a flow, on for a request', () => {
    const s = dir.parse([
      'name: mix', 'target: http://127.0.0.1:8080',
      'requests:',
      '  - { name: health, path: /health, weight: 3, cookies: true }',
      'flows:',
      '  - name: browse',
      '    weight: 0.5',
      '    cookies: false',
      '    steps:',
      '      - { name: home, path: /, think: 1s-3s }',
      '      - { name: item, path: /item, think: 200ms..400ms, target: "http://127.0.0.1:9090" }',
      'load: { model: open, rate: 1, duration: 1s }',
    ].join('\n'));
    expect(s.requests.map((r) => [r.name, r.weight, r.cookies])).toEqual([['health', 3, true]]);
    expect(s.flows.map((f) => [f.name, f.weight, f.cookies])).toEqual([['browse', 0.5, false]]);
    expect(s.flows[0]?.steps.map((st) => [st.name, st.weight, st.cookies, st.target, st.thinkTime])).toEqual([
      ['browse.home', 0.5, false, 'http://127.0.0.1:8080', { minMs: 1000, maxMs: 3000 }],
      ['browse.item', 0.5, false, 'http://127.0.0.1:9090', { minMs: 200, maxMs: 400 }],
    ]);
  });

  it('a body written as a string or read from bodyFile is sent as written (no JSON escaping)', () => {
    const s = dir.parse([
      'name: raw', 'target: http://127.0.0.1:8080',
      'flows:',
      '  - name: f',
      '    steps:',
      '      - { name: a, method: POST, body: \'{"u": "${data.users.email}"}\' }',
      '      - { name: b, method: POST, bodyFile: ' + JSON.stringify(path.join(FIXTURES, 'predict-body.json')) + ' }',
      'data: { users: { file: users.csv } }',
      'load: { model: open, rate: 1, duration: 1s }',
    ].join('\n'));
    expect(s.flows[0]?.steps.map((st) => [st.body, st.bodyEscape])).toEqual([
      ['{"u": "${data.users.email}"}', undefined],
      [readFileSync(path.join(FIXTURES, 'predict-body.json'), 'utf8'), undefined],
    ]);
  });
});

/** Lines 1-6 are fixed; step N (from 0) is on line 7 + N. */
const flowWith = (...steps: string[]) => [
  'name: t',
  'target: http://127.0.0.1:8080',
  'data: { users: { file: users.csv }, prompts: { file: prompts.jsonl } }',
  'load: { model: open, rate: 1, duration: 1s }',
  'flows:',
  '  - name: checkout',
  '    steps:',
  ...steps.map((s) => `      - ${s}`),
].join('\n') + '\n';

describe('flows: errors, one line each', () => {
  it.each<[string, string, string]>([
    ['vars in a step before any capture', flowWith('{ name: cart, path: "/c/${vars.token}" }'),
      'DIR/s.yaml:8:29: flows[0].steps[0].path: ${vars.token}: captured by no earlier step of flow checkout; captures before this step: none'],
    ['vars captured by the same step only', flowWith('{ name: login, headers: { x-t: "${vars.token}" }, capture: { token: $.token } }'),
      'DIR/s.yaml:8:40: flows[0].steps[0].headers.x-t: ${vars.token}: captured by no earlier step of flow checkout; captures before this step: none'],
    ['vars captured under another name', flowWith('{ name: login, capture: { token: $.token, session: "header:x-s" } }', '{ name: cart, path: "/c/${vars.tokn}" }'),
      'DIR/s.yaml:9:29: flows[0].steps[1].path: ${vars.tokn}: captured by no earlier step of flow checkout; captures before this step: token, session (did you mean "token"?)'],
    ['vars in a plain request', flowWith('{ name: a }') + 'requests: [ { name: r, path: "/${vars.token}" } ]\n',
      'DIR/s.yaml:9:30: requests[0].path: ${vars.token}: a plain request has no captured values; vars come from the capture: of an earlier step of the same flow'],
    ['duplicate step name', flowWith('{ name: a }', '{ name: a }'), 'DIR/s.yaml:9:17: flows[0].steps[1].name: duplicate step name "a" in flow checkout'],
    ['duplicate flow name', flowWith('{ name: a }') + '  - { name: checkout, steps: [ { name: b } ] }\n', 'DIR/s.yaml:9:13: flows[1].name: duplicate flow name "checkout"'],
    ['FLOW.STEP clashes with a request name', flowWith('{ name: login }').replace('load:', 'requests: [ { name: checkout.login } ]\nload:'),
      'DIR/s.yaml:9:17: flows[0].steps[0].name: "checkout.login" is already a request name; a step\'s name is FLOW.STEP and shares the namespace of requests (thresholds and the summary use it)'],
    ['FLOW.STEP clashes across flows', flowWith('{ name: b.c }') + '  - { name: checkout.b, steps: [ { name: c } ] }\n',
      'DIR/s.yaml:9:42: flows[1].steps[0].name: "checkout.b.c" is already a request name; a step\'s name is FLOW.STEP and shares the namespace of requests (thresholds and the summary use it)'],
    ['bad step name', flowWith('{ name: "log in" }'), 'DIR/s.yaml:8:17: flows[0].steps[0].name: use letters, digits, "_", "-" or "."'],
    ['bad flow name', flowWith('{ name: a }').replace('name: checkout', 'name: "check out"'), 'DIR/s.yaml:6:11: flows[0].name: use letters, digits, "_", "-" or "."'],
    ['a step without a name', flowWith('{ path: /a }'), 'DIR/s.yaml:8:9: flows[0].steps[0].name: is required'],
    ['no steps', flowWith().replace('    steps:', '    steps: []'), 'DIR/s.yaml:7:12: flows[0].steps: needs at least one step'],
    ['empty flows', flowWith().replace(/flows:[\s\S]*/, 'flows: []\n'), 'DIR/s.yaml:5:8: flows: needs at least one flow'],
    ['weight on a step', flowWith('{ name: a, weight: 2 }'), 'DIR/s.yaml:8:28: flows[0].steps[0].weight: a step has no weight of its own: set weight: on the flow (a flow runs all its steps)'],
    ['cookies on a step', flowWith('{ name: a, cookies: false }'), 'DIR/s.yaml:8:29: flows[0].steps[0].cookies: a step has no cookies of its own: set cookies: on the flow (its steps share one cookie jar)'],
    ['unknown step field with a hint', flowWith('{ name: a, captures: { t: $.t } }'), 'DIR/s.yaml:8:20: flows[0].steps[0].captures: unknown field (did you mean "capture"?)'],
    ['unknown flow field with a hint', flowWith('{ name: a }').replace('    steps:', '    step: []\n    steps:'), 'DIR/s.yaml:7:5: flows[0].step: unknown field (did you mean "steps"?)'],
    ['step think time inverted', flowWith('{ name: a, think: 3s-1s }'), 'DIR/s.yaml:8:27: flows[0].steps[0].think: invalid range "3s-1s": the upper bound is below the lower one'],
    ['a step without a target', flowWith('{ name: a }').replace('target: http://127.0.0.1:8080\n', ''),
      'DIR/s.yaml:7:9: flows[0].steps[0]: step "checkout.a" has no target: set a scenario-level target, the step\'s own target, or --target'],
    ['threshold on an unknown step', flowWith('{ name: login }') + 'thresholds: [ "checkout.logn: p95 < 1s" ]\n',
      'DIR/s.yaml:9:15: thresholds[0]: no request is named "checkout.logn" (did you mean "checkout.login"? requests: checkout.login)'],
    ['neither requests nor flows', 'name: t\ntarget: http://127.0.0.1:8080\nload: { model: open, rate: 1, duration: 1s }\n', 'DIR/s.yaml:1:1: requests: is required (or flows:, or both)'],
  ])('%s', (_name, yaml, expected) => {
    expect(dir.error(yaml)).toBe(expected);
  });
});
