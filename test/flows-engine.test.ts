import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LoadEngine, composeShares, type LoadShare } from '../generator/src/engine';
import { RecordingObserver, requestSpec, scenarioOf } from '../generator/src/engine/test-target';
import type { FlowSpec, FlowStepSpec, Scenario } from '../generator/src/scenario';
import { passwordOf, startJourneyTarget, type JourneyTarget } from './helpers/journey-target';

/**
 * Flows through the engine itself (no CLI): a login that captures a token and a session, a cart
 * that needs both plus the cookie, data rows drawn per iteration. The journey target refuses a
 * cart without the captured token, its header and its cookie, and records every row it receives.
 */
describe('flows in the engine', () => {
  let dir: string;
  let target: JourneyTarget;
  const USERS = 30;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-flows-'));
    const users = Array.from({ length: USERS }, (_, i) => `user${String(i).padStart(2, '0')}@example.com`);
    writeFileSync(path.join(dir, 'users.csv'), ['email,password', ...users.map((u) => `${u},${passwordOf(u)}`)].join('\n'));
    writeFileSync(path.join(dir, 'prompts.jsonl'), Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: `p${i}`, prompt: `say ${i}` })).join('\n'));
  });
  beforeEach(async () => { target = await startJourneyTarget(); });
  afterEach(async () => { await target.close(); });
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  const step = (flow: string, name: string, extra: Partial<FlowStepSpec>): FlowStepSpec => ({
    ...requestSpec(target.url, '/', { name: `${flow}.${name}`, cookies: true }), step: name, capture: [], ...extra,
  });

  function checkoutScenario(load: Scenario['load'], cartPath = '/cart?prompt=${data.prompts.id}', extra: Partial<FlowSpec> = {}): Scenario {
    const flow: FlowSpec = {
      name: 'checkout', weight: 1, tags: { tier: 'gold' }, cookies: true,
      steps: [
        step('checkout', 'login', {
          method: 'POST', path: '/login', headers: { 'content-type': 'application/json' },
          body: '{"user":"${data.users.email}","password":"${data.users.password}"}',
          capture: [
            { name: 'token', from: { kind: 'json', path: '$.token' }, expr: '$.token' },
            { name: 'session', from: { kind: 'header', name: 'x-session-id' }, expr: 'header:x-session-id' },
          ],
        }),
        step('checkout', 'cart', {
          path: cartPath, headers: { authorization: 'Bearer ${vars.token}', 'x-session-id': '${vars.session}' },
          expect: { status: [200], json: [{ path: '$.items[0].id', exists: true }] },
        }),
      ],
      ...extra,
    };
    return scenarioOf([], load, {
      flows: [flow],
      data: [
        { name: 'users', file: path.join(dir, 'users.csv'), format: 'csv', pick: 'unique' },
        { name: 'prompts', file: path.join(dir, 'prompts.jsonl'), format: 'jsonl', pick: 'sequential' },
      ],
    });
  }

  async function run(scenario: Scenario, share?: LoadShare): Promise<{ observer: RecordingObserver; outcome: Awaited<ReturnType<LoadEngine['run']>> }> {
    const observer = new RecordingObserver();
    const engine = new LoadEngine({ scenario, observer, ...(share ? { share } : {}) });
    try {
      return { observer, outcome: await engine.run() };
    } finally {
      await engine.close();
    }
  }

  it('open model: each user row logs in once, every cart carries the captured token, session and cookie; the run ends when the rows run out', async () => {
    const started = Date.now();
    const { observer, outcome } = await run(checkoutScenario({ model: 'open', stages: [{ durationMs: 20_000, rate: 100 }], maxInFlight: 100 }));
    // 30 rows at 100/s: the unique source ends the run after ~0.3 s, not after the 20 s plan
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(outcome.dataExhausted).toBe('users');
    expect(outcome.endedBy).toBe('completed');
    expect([...target.logins].sort()).toEqual(Array.from({ length: USERS }, (_, i) => `user${String(i).padStart(2, '0')}@example.com`));
    expect(target.badLogins).toBe(0);
    expect(target.refused).toBe(0);
    expect(target.prompts).toHaveLength(USERS);
    expect(new Set(target.prompts)).toEqual(new Set(['p0', 'p1', 'p2', 'p3', 'p4']));
    expect(observer.records.filter((r) => r.errorType !== undefined)).toEqual([]);
    expect(observer.flows).toHaveLength(USERS);
    for (const f of observer.flows) {
      expect(f).toMatchObject({ name: 'checkout', stepsSent: 2, stepsTotal: 2, stepsFailed: 0, tags: { tier: 'gold' } });
      const steps = observer.records.filter((r) => r.traceId === f.traceId);
      // one trace per iteration: both steps are children of the flow span
      expect(steps.map((r) => [r.name, r.flow, r.parentSpanId])).toEqual([['checkout.login', 'checkout', f.spanId], ['checkout.cart', 'checkout', f.spanId]]);
      expect(f.end).toBe(steps[1]?.end);
    }
    // the traceparent the target saw continues the flow's trace, with each step's own span id
    const sent = new Set(observer.records.map((r) => `00-${r.traceId}-${r.spanId}-01`));
    expect(target.traceparents.every((t) => sent.has(t.traceparent))).toBe(true);
  });

  it('closed model with think time: a VU runs its iterations one after another, the pause is between the steps', async () => {
    const scenario = checkoutScenario({ model: 'closed', stages: [{ durationMs: 0, vus: 2 }], iterations: 4 });
    (scenario.flows[0]?.steps[0] as FlowStepSpec).thinkTime = { minMs: 150, maxMs: 150 };
    const { observer } = await run(scenario);
    expect(observer.flows).toHaveLength(4);
    for (const f of observer.flows) {
      const [login, cart] = observer.records.filter((r) => r.traceId === f.traceId);
      expect((cart?.start ?? 0) - (login?.end ?? 0)).toBeGreaterThanOrEqual(149);
    }
    expect(target.refused).toBe(0);
    expect(new Set(observer.flows.map((f) => f.vu))).toEqual(new Set([1, 2]));
  });

  it('a capture that finds nothing fails the step (capture_failed) and skips the rest of the iteration', async () => {
    const scenario = checkoutScenario({ model: 'closed', stages: [{ durationMs: 0, vus: 1 }], iterations: 3 });
    const login = scenario.flows[0]?.steps[0] as FlowStepSpec;
    login.body = '{"user":"${data.users.email}","password":"${data.users.password}","noToken":true}';
    const { observer } = await run(scenario);
    expect(observer.records.map((r) => [r.name, r.errorType, r.check])).toEqual(Array.from({ length: 3 }, () => ['checkout.login', 'capture_failed', 'capture token ($.token) found nothing']));
    expect(observer.flows.map((f) => [f.stepsSent, f.stepsFailed, f.failedStep, f.errorType])).toEqual(Array.from({ length: 3 }, () => [1, 1, 'checkout.login', 'capture_failed']));
    expect(target.prompts).toEqual([]);
  });

  it('a failed expectation names the check and keeps a redacted body excerpt; the iteration goes on', async () => {
    const scenario = checkoutScenario({ model: 'closed', stages: [{ durationMs: 0, vus: 1 }], iterations: 2 }, '/cart?empty=1&prompt=${data.prompts.id}');
    const { observer } = await run(scenario);
    const carts = observer.records.filter((r) => r.name === 'checkout.cart');
    expect(carts).toHaveLength(2);
    for (const r of carts) {
      expect(r.errorType).toBe('expectation_failed');
      expect(r.check).toBe('json $.items[0].id exists (absent)');
      expect(r.bodyExcerpt).toBe('{"items":[],"session":"REDACTED"}');
    }
  });

  it('pick: unique with shares: the shares together use each row exactly once', async () => {
    const load: Scenario['load'] = { model: 'open', stages: [{ durationMs: 20_000, rate: 150 }], maxInFlight: 100 };
    // shard 1 of 2, each with 2 workers: four disjoint shares of the plan
    const shares = [0, 1].flatMap((shard) => [0, 1].map((w) => composeShares({ index: shard, count: 2 }, { index: w, count: 2 })));
    const outcomes = await Promise.all(shares.map((share) => run(checkoutScenario(load), share)));
    expect(outcomes.map((o) => o.outcome.dataExhausted)).toEqual(['users', 'users', 'users', 'users']);
    expect(target.logins).toHaveLength(USERS);
    expect(new Set(target.logins).size).toBe(USERS);
    expect(outcomes.map((o) => o.observer.flows.length).sort()).toEqual([7, 7, 8, 8]);
  });
});
