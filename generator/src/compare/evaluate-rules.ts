import type { ComparedRun, FailRule, RuleCheck, RuleResult } from './types';
import { CompareInputError } from './load-runs';

/**
 * Checks every rule on every run but the baseline. A rule trips when `value op limit` holds; the
 * limit is the rule's value, or the baseline's value changed by it. Nothing to measure in the run
 * (or, for a change, in the baseline) does not trip: the check says `noData`.
 */
export function evaluateRules(rules: readonly FailRule[], runs: readonly ComparedRun[]): RuleResult[] {
  const baseline = runs.find((r) => r.baseline) ?? runs[0];
  if (baseline === undefined) return [];
  for (const rule of rules) requireKnownName(rule, runs);
  return rules.map((rule) => {
    const checks = runs.filter((r) => r !== baseline).map((run) => check(rule, run, baseline));
    return { rule: rule.text, metric: rule.metric, ...(rule.name === undefined ? {} : { name: rule.name }), tripped: checks.some((c) => c.tripped), checks };
  });
}

/** The value a rule looks at: the run's totals, a request name's figures, or one HPA's worst lag. */
export function ruleValue(rule: Pick<FailRule, 'metric' | 'name'>, run: ComparedRun): number | null {
  if (rule.name === undefined) return run.totals[rule.metric];
  if (rule.metric === 'lag') return run.hpas.find((h) => h.name === rule.name)?.worst.total ?? null;
  return run.requests[rule.name]?.[rule.metric] ?? null;
}

function check(rule: FailRule, run: ComparedRun, baseline: ComparedRun): RuleCheck {
  const value = ruleValue(rule, run);
  const base = ruleValue(rule, baseline);
  const limit = limitFor(rule, base);
  if (value === null || limit === null) return { run: run.label, value, baseline: base, limit: null, tripped: false, noData: true };
  return { run: run.label, value, baseline: base, limit, tripped: compare(value, rule.op, limit), noData: false };
}

function limitFor(rule: FailRule, base: number | null): number | null {
  if (rule.kind === 'absolute') return rule.value;
  if (base === null) return null;
  const limit = rule.kind === 'percent' ? base * (1 + rule.value / 100) : base + rule.value;
  return Math.round(limit * 1e9) / 1e9;
}

function compare(value: number, op: FailRule['op'], limit: number): boolean {
  switch (op) {
    case '>': return value > limit;
    case '<': return value < limit;
    case '>=': return value >= limit;
    case '<=': return value <= limit;
  }
}

/** A misspelt name would never trip: refuse it unless some run has it. */
function requireKnownName(rule: FailRule, runs: readonly ComparedRun[]): void {
  if (rule.name === undefined) return;
  const lag = rule.metric === 'lag';
  const known = [...new Set(runs.flatMap((r) => (lag ? r.hpas.map((h) => h.name) : Object.keys(r.requests))))];
  if (known.includes(rule.name)) return;
  const what = lag ? 'HPA' : 'request';
  throw new CompareInputError(`--fail-on ${JSON.stringify(rule.text)}: no ${what} named ${JSON.stringify(rule.name)} in these runs (${known.length === 0 ? `none has ${lag ? 'an HPA' : 'a request'}` : `known: ${known.join(', ')}`})`);
}
