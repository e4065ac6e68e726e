import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Summary } from '../generator/src/results';
import type { FailureLine } from '../generator/src/results/failures-jsonl';
import { cleanEnv, runCli } from './helpers/cli';
import { passwordOf, startJourneyTarget, type JourneyTarget } from './helpers/journey-target';
import { waitFor } from './helpers/wait-for';
import { startDemoTarget } from '../generator/src/demo-target';
import { REPO_ROOT } from './helpers/cli';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';

/**
 * The journey end to end through the CLI: `data:` rows (users unique, prompts random),
 * a login whose token, session header and cookie the cart needs, checks on the cart. Run in one
 * thread, with `--workers 2`, and as two shards merged: each user row logs in exactly once, every
 * cart is accepted, and each iteration is one trace (`flow checkout` → its steps) in the exports.
 */
describe('flows through the CLI', () => {
  let dir: string;
  let target: JourneyTarget;
  let receiver: OtlpReceiver;
  const USERS = 40;
  const emails = Array.from({ length: USERS }, (_, i) => `user${String(i).padStart(2, '0')}@example.com`);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-flows-cli-'));
    writeFileSync(path.join(dir, 'users.csv'), ['email,password', ...emails.map((u) => `${u},${passwordOf(u)}`)].join('\n'));
    writeFileSync(path.join(dir, 'prompts.jsonl'), Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `p${i}`, text: `prompt ${i}` })).join('\n'));
    receiver = await startOtlpReceiver();
  });
  beforeEach(async () => { target = await startJourneyTarget(); });
  afterEach(async () => { await target.close(); });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const read = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

  function scenario(name: string, cartPath = '/cart?prompt=${data.prompts.id}'): string {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, [
      `name: ${name}`,
      `target: ${target.url}`,
      'data:',
      '  users: { file: users.csv, pick: unique }',
      '  prompts: { file: prompts.jsonl, pick: random }',
      'flows:',
      '  - name: checkout',
      '    tags: { tier: gold }',
      '    steps:',
      '      - name: login',
      '        method: POST',
      '        path: /login',
      '        body: { user: "${data.users.email}", password: "${data.users.password}" }',
      '        capture: { token: "$.token", session: "header:x-session-id" }',
      '      - name: cart',
      `        path: "${cartPath}"`,
      '        headers: { authorization: "Bearer ${vars.token}", x-session-id: "${vars.session}" }',
      '        expect: { status: [200], json: { "$.items[0].id": { exists: true } }, maxDuration: 5s }',
      // far more arrivals than rows: the unique source ends the run
      'load: { model: open, rate: 80, duration: 30s }',
    ].join('\n'));
    return file;
  }

  it('one thread, --workers 2, two shards merged: each row once, carts accepted, one trace per iteration', async () => {
    const one = await runCli(['run', scenario('journey'), '--out', path.join(dir, 'one'), '--quiet', '--workers', '1'], {
      timeoutMs: 60_000, env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
    });
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    expect([...target.logins].sort()).toEqual(emails);
    expect(target.refused).toBe(0);
    const summary = read<Summary>(path.join(dir, 'one', 'summary.json'));
    expect(summary.dataExhausted).toBe('users');
    expect(summary.run.durationS).toBeLessThan(20);
    expect(summary.flows?.checkout).toMatchObject({ iterations: USERS, failed: 0, incomplete: 0, stepsSent: 2 * USERS });
    expect(summary.requests['checkout.login']?.requests).toBe(USERS);
    expect(summary.requests['checkout.cart']?.failed).toBe(0);

    // one trace per iteration in the exports: an INTERNAL `flow checkout` span, its two CLIENT steps as children
    await waitFor(`${USERS} flow spans exported`, 15_000, () => receiver.spans().filter((s) => s.name === 'flow checkout').length === USERS);
    const spans = receiver.spans();
    const flows = spans.filter((s) => s.name === 'flow checkout');
    for (const f of flows) {
      expect(f.kind).toBe(1);
      expect(f.attributes['loadtest.tag.tier']).toBe('gold');
      const children = spans.filter((s) => s.parentSpanId === f.spanId);
      expect(children.map((c) => [c.kind, c.traceId, c.attributes['loadtest.request.name'] ?? c.name]).sort())
        .toEqual([[3, f.traceId, 'checkout.cart'], [3, f.traceId, 'checkout.login']]);
    }

    await target.close();
    target = await startJourneyTarget();
    const two = await runCli(['run', scenario('journey'), '--out', path.join(dir, 'two'), '--quiet', '--workers', '2'], { timeoutMs: 60_000 });
    expect(two.stderr).toBe('');
    expect(two.code).toBe(0);
    expect([...target.logins].sort()).toEqual(emails);
    expect(target.refused).toBe(0);
    expect(read<Summary>(path.join(dir, 'two', 'summary.json')).flows?.checkout?.iterations).toBe(USERS);

    await target.close();
    target = await startJourneyTarget();
    const startAt = new Date(Date.now() + 3000).toISOString();
    const shards = await Promise.all([0, 1].map((index) => runCli(
      ['run', scenario('journey'), '--out', path.join(dir, 'shards', `shard-${index}`), '--quiet', '--workers', '1'],
      { timeoutMs: 60_000, env: cleanEnv({ JOB_COMPLETION_INDEX: String(index), SCALETRACE_SHARDS: '2', SCALETRACE_START_AT: startAt, SCALETRACE_RUN_ID: 'journey-shards' }) },
    )));
    expect(shards.map((r) => r.code)).toEqual([0, 0]);
    expect([...target.logins].sort()).toEqual(emails);
    const merged = await runCli(['merge', path.join(dir, 'shards'), '--out', path.join(dir, 'merged')], { timeoutMs: 20_000 });
    expect(merged.code).toBe(0);
    const mergedSummary = read<Summary>(path.join(dir, 'merged', 'summary.json'));
    expect(mergedSummary.flows?.checkout).toMatchObject({ iterations: USERS, failed: 0, stepsSent: 2 * USERS });
    expect(mergedSummary.dataExhausted).toBe('users');
    expect(mergedSummary.requests['checkout.login']?.requests).toBe(USERS);
  }, 180_000);

  it('a failed expectation is named, with a redacted body excerpt, in failures.jsonl', async () => {
    const run = await runCli(['run', scenario('failing', '/cart?empty=1&prompt=${data.prompts.id}'), '--out', path.join(dir, 'failing'), '--quiet', '--workers', '1'], { timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    const summary = read<Summary>(path.join(dir, 'failing', 'summary.json'));
    expect(summary.flows?.checkout).toMatchObject({ iterations: USERS, failed: USERS, failedAt: { 'checkout.cart': USERS }, errors: { expectation_failed: USERS } });
    const lines = readFileSync(path.join(dir, 'failing', 'failures.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FailureLine);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l).toMatchObject({ request: 'checkout.cart', flow: 'checkout', errorType: 'expectation_failed', check: 'json $.items[0].id exists (absent)', bodyExcerpt: '{"items":[],"session":"REDACTED"}' });
    }
  }, 90_000);

  it('a bad data file stops run and validate before any request: exit 2, file:line, no row contents', async () => {
    writeFileSync(path.join(dir, 'bad.csv'), 'email,password\nok@example.com,pw-ok\nsecret@example.com,hunter2,extra\n');
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, [
      'name: bad', `target: ${target.url}`, 'data:', '  users: { file: bad.csv }',
      'requests: [{ name: who, path: "/cart?u=${data.users.email}" }]', 'load: { model: open, rate: 5, duration: 2s }',
    ].join('\n'));
    for (const args of [['run', file, '--quiet', '--workers', '2', '--out', path.join(dir, 'bad-run')], ['validate', file]]) {
      const r = await runCli(args, { timeoutMs: 30_000 });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/bad\.csv:3: the row has 3 fields, the header has 2$/)]);
      expect(r.stderr).not.toContain('hunter2');
    }
    expect(target.traceparents).toEqual([]);
  }, 60_000);

  it('the shipped journey example runs against the demo target without a failed check', async () => {
    const demo = await startDemoTarget({ cpuCostMs: 1, concurrency: 4 });
    try {
      const r = await runCli(['run', path.join(REPO_ROOT, 'generator', 'scenarios', 'journey.yaml'), '--target', demo.url,
        '--set', 'load.duration=3s', '--out', path.join(dir, 'journey'), '--quiet', '--workers', '1'], { timeoutMs: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const summary = read<Summary>(path.join(dir, 'journey', 'summary.json'));
      expect(summary.totals.failed).toBe(0);
      expect(summary.flows?.['predict-journey']?.iterations).toBeGreaterThan(0);
      expect(summary.flows?.['predict-journey']).toMatchObject({ failed: 0, incomplete: 0 });
      expect(summary.inference?.['predict-journey.generate']?.withTokens).toBeGreaterThan(0);
    } finally {
      await demo.close();
    }
  }, 90_000);
});
