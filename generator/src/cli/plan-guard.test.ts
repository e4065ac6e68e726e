import { parseScenario } from '../scenario';
import { UsageError } from './exit-codes';
import { checkMaxDuration, presetPlanNotice } from './plan-guard';

const scenario = (load: string): ReturnType<typeof parseScenario> =>
  parseScenario(`name: g\ntarget: http://127.0.0.1:8080\nrequests: [ { name: a } ]\nload: ${load}\n`, '/tmp/g.yaml');

describe('checkMaxDuration', () => {
  it('refuses a plan longer than the limit, naming the flag and a value that lets it through', () => {
    const long = scenario('{ model: open, stages: [ { duration: 50m, rate: 1 }, { duration: 29m20s, rate: 2 } ] }');
    expect(() => checkMaxDuration(long, 3_600_000)).toThrow(UsageError);
    // 79m20s: 1h19m rounded for reading, 1h20m suggested (rounded up, or it would still be refused).
    expect(() => checkMaxDuration(long, 3_600_000)).toThrow('the plan runs 1h19m, longer than --max-duration 1h: run it with --max-duration 1h20m (or shorten the plan)');
    expect(() => checkMaxDuration(long, 80 * 60_000)).not.toThrow();
    expect(() => checkMaxDuration(scenario('{ model: open, rate: 1, duration: 1h }'), 3_600_000)).not.toThrow();
  });

  it('an iteration-bound closed run has no planned length to check', () => {
    expect(() => checkMaxDuration(scenario('{ model: closed, vus: 2, iterations: 1000000 }'), 1000)).not.toThrow();
  });

  it('names a preset and says when its defaults were used', () => {
    expect(() => checkMaxDuration(scenario('{ model: closed, preset: soak }'), 60_000))
      .toThrow('the soak preset (its defaults: no load.soak block) runs 10m, longer than --max-duration 1m: run it with --max-duration 10m (or shorten the plan)');
    expect(() => checkMaxDuration(scenario('{ model: closed, preset: soak, soak: { duration: 2h } }'), 3_600_000))
      .toThrow('the soak preset runs 2h, longer than --max-duration 1h: run it with --max-duration 2h (or shorten the plan)');
  });
});

describe('presetPlanNotice', () => {
  it('only for presets: every stage and the total', () => {
    expect(presetPlanNotice(scenario('{ model: open, rate: 1, duration: 1h }'))).toBeUndefined();
    expect(presetPlanNotice(scenario('{ model: closed, preset: soak, soak: { target: 3, duration: 90s } }'))).toBe([
      'scaletrace: plan of the soak preset:',
      '  preset: soak (1 phases, targets in VUs)',
      '    drift verdict: latency ±10%, error rate ±1%, generator memory ±20% over the run',
      '    soak                 at 0ms      for 1m30s    3 VUs  stages 0',
      '  stages:',
      '    0: 1m30s    3 VUs',
      '  total: 1m30s, 1 stages',
      '',
    ].join('\n'));
  });
});
