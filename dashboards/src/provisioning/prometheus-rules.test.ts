import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { alertRules } from '../query/promql-alerts';

/*
 * The rule files as shipped: promtool (Debian's prometheus package, installed by
 * scripts/install-test-tools.sh) checks them and runs their unit tests; the Grafana-managed copy
 * must carry the very same expressions.
 */
const RULES_DIR = path.resolve(__dirname, '..', '..', 'prometheus', 'rules');
const GRAFANA_RULES = path.resolve(__dirname, '..', '..', 'provisioning', 'alerting', 'scaletrace-alerts.yaml');

const promtool = (...args: string[]): { code: number | null; out: string } => {
  const r = spawnSync('promtool', args, { cwd: RULES_DIR, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

interface PromRuleFile { groups: Array<{ rules: Array<{ alert: string; expr: string; for: string }> }> }
interface GrafanaRuleFile { groups: Array<{ rules: Array<{ title: string; for: string; data: Array<{ refId: string; model: { expr?: string } }> }> }> }

describe('Prometheus and Grafana alert rules', () => {
  it('promtool check rules accepts every rule file', () => {
    const r = promtool('check', 'rules', 'scaletrace.rules.yaml');
    expect(r.out).toContain('SUCCESS: 5 rules found');
    expect(r.code).toBe(0);
  });

  it('promtool test rules: every rule fires on its synthetic series and stays quiet on the others', () => {
    const r = promtool('test', 'rules', 'scaletrace.rules.test.yaml');
    expect(r.out).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('the unit tests cover every rule, firing and not firing', () => {
    const tests = parse(readFileSync(path.join(RULES_DIR, 'scaletrace.rules.test.yaml'), 'utf8')) as {
      tests: Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
    };
    const cases = tests.tests.flatMap((t) => t.alert_rule_test);
    for (const rule of alertRules()) {
      const mine = cases.filter((c) => c.alertname === rule.name);
      expect({ rule: rule.name, fires: mine.some((c) => c.exp_alerts.length > 0), quiet: mine.some((c) => c.exp_alerts.length === 0) })
        .toEqual({ rule: rule.name, fires: true, quiet: true });
    }
  });

  it('Prometheus rules, Grafana rules and the query module share the same expressions', () => {
    const prom = parse(readFileSync(path.join(RULES_DIR, 'scaletrace.rules.yaml'), 'utf8')) as PromRuleFile;
    const grafana = parse(readFileSync(GRAFANA_RULES, 'utf8')) as GrafanaRuleFile;
    const expected = alertRules().map((r) => ({ name: r.name, expr: r.expr, for: r.for }));
    expect(prom.groups.flatMap((g) => g.rules).map((r) => ({ name: r.alert, expr: r.expr, for: r.for }))).toEqual(expected);
    // Grafana expands $NAME in provisioning files; the files write a literal $ as $$.
    const grafanaExprs = grafana.groups.flatMap((g) => g.rules).map((r) => ({
      name: r.title, expr: r.data.find((d) => d.refId === 'A')?.model.expr?.replaceAll('$$', '$'), for: r.for,
    }));
    expect(grafanaExprs).toEqual(expected);
  });
});
