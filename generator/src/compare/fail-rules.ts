import { COMPARE_METRICS, type CompareMetric, type FailRule, type RuleOp } from './types';
import { CompareInputError } from './load-runs';

/**
 * `--fail-on` rules: `<metric>[{name=NAME}] <op> <value>`. A value with a sign is a change against
 * the baseline: `+10%` of its value, or `+50ms`, `+1pp`, `-5/s` added to it; without a sign it is
 * the limit itself (`500ms`, `1%`, `100/s`). Latencies and lags without a unit are milliseconds.
 */
const RULE = /^([A-Za-z_0-9]+)\s*(?:\{\s*name\s*=\s*([^}]*?)\s*\})?\s*(>=|<=|>|<)\s*(.*?)$/;
const VALUE = /^([+-])?\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|%|pp|\/s)?$/;
const DURATION_MS: Record<string, number> = { '': 1, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const EXAMPLES = 'e.g. "p95 > +10%", "error_rate > 1%", "p99{name=checkout} > 800ms"';

type Family = 'latency' | 'lag' | 'rate' | 'rps';
const FAMILY: Record<CompareMetric, Family> = {
  p50: 'latency', p95: 'latency', p99: 'latency', avg: 'latency', lag: 'lag', error_rate: 'rate', success: 'rate', rps: 'rps',
};

/** Every rule of every `--fail-on` flag; a flag may hold several, comma-separated. */
export function parseFailRules(flags: readonly string[]): FailRule[] {
  return flags.flatMap(splitRules).map(parseFailRule);
}

/** Commas separate rules, except inside `{name=…}`. */
function splitRules(flag: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of flag) {
    if (c === '{') depth++;
    if (c === '}') depth = Math.max(0, depth - 1);
    if (c === ',' && depth === 0) { out.push(current); current = ''; } else current += c;
  }
  out.push(current);
  const rules = out.map((r) => r.trim());
  if (rules.some((r) => r === '')) throw new CompareInputError(`--fail-on ${JSON.stringify(flag)}: an empty rule (expected <metric> <op> <value>, ${EXAMPLES})`);
  return rules;
}

export function parseFailRule(text: string): FailRule {
  const bad = (why: string): CompareInputError => new CompareInputError(`--fail-on ${JSON.stringify(text)}: ${why}`);
  const m = RULE.exec(text.trim());
  if (m === null) throw bad(`cannot read the rule (expected <metric> <op> <value>, ${EXAMPLES})`);
  const [, rawMetric = '', rawName, op = '>', rawValue = ''] = m;
  const metric = rawMetric.toLowerCase() as CompareMetric;
  if (!COMPARE_METRICS.includes(metric)) throw bad(`unknown metric "${rawMetric}" (known: ${COMPARE_METRICS.join(', ')})`);
  if (rawName !== undefined && rawName === '') throw bad('empty name in {name=…}');
  const v = VALUE.exec(rawValue.trim());
  if (v === null) throw bad(`cannot read the value ${JSON.stringify(rawValue.trim())} (${EXAMPLES})`);
  const [, sign, digits = '0', unit = ''] = v;
  const signed = sign === undefined ? Number(digits) : Number(`${sign}${digits}`);
  const rule = { text: text.trim(), metric, ...(rawName === undefined ? {} : { name: rawName }), op: op as RuleOp };
  if (sign !== undefined && unit === '%') return { ...rule, kind: 'percent', value: signed };
  const value = unitValue(FAMILY[metric], signed, unit, sign !== undefined, bad);
  return { ...rule, kind: sign === undefined ? 'absolute' : 'change', value };
}

/** The number in the metric's own unit (ms, s, fraction, per s), or why the unit does not fit. */
function unitValue(family: Family, n: number, unit: string, change: boolean, bad: (why: string) => CompareInputError): number {
  switch (family) {
    case 'latency':
    case 'lag': {
      const factor = DURATION_MS[unit];
      if (factor === undefined) throw bad(`a ${family === 'lag' ? 'lag' : 'latency'} takes a duration (500ms, 2s)${unit === '%' ? ', or a signed percentage (+10%) for a change against the baseline' : ''}`);
      return family === 'lag' ? (n * factor) / 1000 : n * factor;
    }
    case 'rate': {
      if (change) {
        if (unit === 'pp') return n / 100;
        if (unit === '') return n;
        throw bad('a change of a rate is in percentage points (+1pp) or a fraction (+0.01); +10% is relative to the baseline');
      }
      if (unit !== '' && unit !== '%') throw bad('a rate is a percentage (1%) or a fraction (0.01)');
      const f = unit === '%' ? n / 100 : n;
      if (f > 1) throw bad('a rate is at most 100% (1)');
      return f;
    }
    case 'rps':
      if (unit !== '' && unit !== '/s') throw bad('rps takes requests per second (100 or 100/s), or a signed percentage (-5%) for a change against the baseline');
      return n;
  }
}
