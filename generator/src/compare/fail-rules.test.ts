import { parseFailRule, parseFailRules } from './fail-rules';

describe('--fail-on rules', () => {
  it('reads absolute limits in the metric\'s unit (ms, s for lag, fraction, per s)', () => {
    expect(parseFailRule('p99{name=checkout} > 800ms')).toEqual({ text: 'p99{name=checkout} > 800ms', metric: 'p99', name: 'checkout', op: '>', kind: 'absolute', value: 800 });
    expect(parseFailRule('p95 > 1.5s')).toMatchObject({ metric: 'p95', kind: 'absolute', value: 1500 });
    expect(parseFailRule('avg >= 250')).toMatchObject({ metric: 'avg', op: '>=', kind: 'absolute', value: 250 });
    expect(parseFailRule('error_rate > 1%')).toMatchObject({ metric: 'error_rate', kind: 'absolute', value: 0.01 });
    expect(parseFailRule('success < 0.995')).toMatchObject({ metric: 'success', op: '<', kind: 'absolute', value: 0.995 });
    expect(parseFailRule('rps <= 100/s')).toMatchObject({ metric: 'rps', op: '<=', kind: 'absolute', value: 100 });
    expect(parseFailRule('lag >= 30s')).toMatchObject({ metric: 'lag', kind: 'absolute', value: 30 });
    expect(parseFailRule('lag{name=web} > 1m')).toMatchObject({ metric: 'lag', name: 'web', value: 60 });
    expect(parseFailRule('  P95>500ms  ')).toMatchObject({ text: 'P95>500ms', metric: 'p95', op: '>', value: 500 });
  });

  it('reads signed values as changes against the baseline: % of its value, or a difference', () => {
    expect(parseFailRule('p95 > +10%')).toEqual({ text: 'p95 > +10%', metric: 'p95', op: '>', kind: 'percent', value: 10 });
    expect(parseFailRule('rps < -5%')).toMatchObject({ metric: 'rps', op: '<', kind: 'percent', value: -5 });
    expect(parseFailRule('error_rate > +50%')).toMatchObject({ kind: 'percent', value: 50 });
    expect(parseFailRule('avg > +50ms')).toMatchObject({ kind: 'change', value: 50 });
    expect(parseFailRule('p99 > + 0.5s')).toMatchObject({ kind: 'change', value: 500 });
    expect(parseFailRule('success < -2pp')).toMatchObject({ metric: 'success', kind: 'change', value: -0.02 });
    expect(parseFailRule('error_rate > +0.01')).toMatchObject({ kind: 'change', value: 0.01 });
    expect(parseFailRule('rps < -20/s')).toMatchObject({ kind: 'change', value: -20 });
    expect(parseFailRule('lag > +5000')).toMatchObject({ metric: 'lag', kind: 'change', value: 5 });
  });

  it('takes several rules per flag (commas outside {…}) and repeated flags, in order', () => {
    expect(parseFailRules(['p95 > +10%, error_rate > 1%', 'rps < -5%']).map((r) => r.text)).toEqual(['p95 > +10%', 'error_rate > 1%', 'rps < -5%']);
    expect(parseFailRules(['p95{name=a,b} > 1s'])).toEqual([{ text: 'p95{name=a,b} > 1s', metric: 'p95', name: 'a,b', op: '>', kind: 'absolute', value: 1000 }]);
    expect(parseFailRules([])).toEqual([]);
  });

  it('refuses a malformed rule in one line naming the rule', () => {
    const cases: Array<[string, string]> = [
      ['p95 >> 10%', '--fail-on "p95 >> 10%": cannot read the value "> 10%" (e.g. "p95 > +10%", "error_rate > 1%", "p99{name=checkout} > 800ms")'],
      ['p95 = 10ms', '--fail-on "p95 = 10ms": cannot read the rule (expected <metric> <op> <value>, e.g. "p95 > +10%", "error_rate > 1%", "p99{name=checkout} > 800ms")'],
      ['p42 > 1s', '--fail-on "p42 > 1s": unknown metric "p42" (known: p50, p95, p99, avg, error_rate, success, rps, lag)'],
      ['p95 > 10%', '--fail-on "p95 > 10%": a latency takes a duration (500ms, 2s), or a signed percentage (+10%) for a change against the baseline'],
      ['error_rate > 150%', '--fail-on "error_rate > 150%": a rate is at most 100% (1)'],
      ['error_rate > 1ms', '--fail-on "error_rate > 1ms": a rate is a percentage (1%) or a fraction (0.01)'],
      ['success < -2ms', '--fail-on "success < -2ms": a change of a rate is in percentage points (+1pp) or a fraction (+0.01); +10% is relative to the baseline'],
      ['rps > 5ms', '--fail-on "rps > 5ms": rps takes requests per second (100 or 100/s), or a signed percentage (-5%) for a change against the baseline'],
      ['p95{name=} > 1s', '--fail-on "p95{name=} > 1s": empty name in {name=…}'],
      ['p95 >', '--fail-on "p95 >": cannot read the value "" (e.g. "p95 > +10%", "error_rate > 1%", "p99{name=checkout} > 800ms")'],
    ];
    for (const [rule, message] of cases) expect(() => parseFailRule(rule)).toThrow(message);
    expect(() => parseFailRules(['p95 > 1s,'])).toThrow('--fail-on "p95 > 1s,": an empty rule');
  });
});
