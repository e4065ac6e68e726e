import { evaluateRules } from './evaluate-rules';
import { parseFailRules } from './fail-rules';
import type { ComparedRun, Figures, HpaLags } from './types';

function figures(over: Partial<Figures> = {}): Figures {
  return { requests: 100, failed: 0, p50: 10, p95: 100, p99: 200, avg: 20, error_rate: 0, success: 1, rps: 50, lag: null, ...over };
}

function run(label: string, totals: Partial<Figures>, requests: Record<string, Partial<Figures>> = {}, hpas: HpaLags[] = [], baseline = false): ComparedRun {
  return {
    label, dir: `/r/${label}`, id: label, scenario: 's', status: 'passed', model: 'open', startedAt: '2026-01-01T00:00:00.000Z', durationS: 10, peakTarget: 50,
    baseline, totals: figures(totals), requests: Object.fromEntries(Object.entries(requests).map(([n, f]) => [n, figures(f)])), hpas,
  };
}

const hpa = (name: string, total: number | null): HpaLags => ({ name, scaleUps: total === null ? 0 : 1, scaleDowns: 0, maxReplicasReached: 3, worst: { detection: 1, actuation: 2, total, recovery: null } });

describe('evaluateRules', () => {
  const base = run('base', { p95: 100, rps: 50, error_rate: 0.01, success: 0.99, lag: 20 }, { checkout: { p99: 300 }, browse: { requests: 0, p99: null } }, [hpa('web', 20)], true);
  const slower = run('slower', { p95: 111, rps: 47, error_rate: 0.02, success: 0.98, lag: 26 }, { checkout: { p99: 400 } }, [hpa('web', 26)]);
  const same = run('same', { p95: 109, rps: 48, error_rate: 0.01, success: 0.99, lag: null }, { checkout: { p99: 360 }, browse: { p99: 50 } });
  const runs = [base, slower, same];
  const evaluate = (...flags: string[]) => evaluateRules(parseFailRules(flags), runs);

  it('p95 > +10%: limit = baseline × 1.10, checked on every run but the baseline', () => {
    expect(evaluate('p95 > +10%')).toEqual([{
      rule: 'p95 > +10%', metric: 'p95', tripped: true, checks: [
        { run: 'slower', value: 111, baseline: 100, limit: 110, tripped: true, noData: false },
        { run: 'same', value: 109, baseline: 100, limit: 110, tripped: false, noData: false },
      ],
    }]);
  });

  it('relative falls, differences, absolute limits, and the boundary of >= / <', () => {
    const [rps, success, err, abs, ge, lt] = evaluate('rps < -5%', 'success < -1pp', 'error_rate > +0.005', 'p95 > 110ms', 'p95 >= 111', 'rps < 47');
    expect(rps?.checks.map((c) => [c.limit, c.tripped])).toEqual([[47.5, true], [47.5, false]]);
    expect(success?.checks.map((c) => [c.limit, c.tripped])).toEqual([[0.98, false], [0.98, false]]);
    expect(err?.checks.map((c) => [c.limit, c.tripped])).toEqual([[0.015, true], [0.015, false]]);
    expect(abs?.checks.map((c) => [c.limit, c.tripped])).toEqual([[110, true], [110, false]]);
    expect(ge?.checks.map((c) => c.tripped)).toEqual([true, false]);
    expect(lt?.checks.map((c) => c.tripped)).toEqual([false, false]);
  });

  it('per request name and per HPA; nothing to measure does not trip', () => {
    const [p99, browse, lag, lagAll] = evaluate('p99{name=checkout} > +25%', 'p99{name=browse} > +10%', 'lag{name=web} > +5s', 'lag > 25s');
    expect(p99?.checks.map((c) => [c.run, c.limit, c.tripped])).toEqual([['slower', 375, true], ['same', 375, false]]);
    // browse: the baseline sent none (no baseline p99); `slower` has no such request at all.
    expect(browse).toMatchObject({ tripped: false, checks: [
      { run: 'slower', value: null, baseline: null, limit: null, tripped: false, noData: true },
      { run: 'same', value: 50, baseline: null, limit: null, tripped: false, noData: true },
    ] });
    expect(lag?.checks.map((c) => [c.run, c.value, c.limit, c.tripped, c.noData])).toEqual([['slower', 26, 25, true, false], ['same', null, null, false, true]]);
    expect(lagAll?.checks.map((c) => [c.value, c.tripped])).toEqual([[26, true], [null, false]]);
  });

  it('a baseline value of 0 makes any rise trip a relative rule', () => {
    const zero = [run('z', { error_rate: 0 }, {}, [], true), run('one', { error_rate: 0.001 })];
    expect(evaluateRules(parseFailRules(['error_rate > +50%']), zero)[0]?.checks[0]).toMatchObject({ limit: 0, tripped: true });
  });

  it('refuses a name no run has (a typo would never trip)', () => {
    expect(() => evaluate('p95{name=chekout} > +10%')).toThrow('--fail-on "p95{name=chekout} > +10%": no request named "chekout" in these runs (known: checkout, browse)');
    expect(() => evaluate('lag{name=api} > 10s')).toThrow('--fail-on "lag{name=api} > 10s": no HPA named "api" in these runs (known: web)');
  });
});
