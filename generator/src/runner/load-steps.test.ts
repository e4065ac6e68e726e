import { parseScenario } from '../scenario';
import { loadStepDirection } from './load-steps';

const scenario = (load: string) => parseScenario(`name: t\ntarget: http://127.0.0.1:1\nrequests: [{ name: a, path: / }]\nload: ${load}\n`, '/tmp/s.yaml');

describe('loadStepDirection', () => {
  it('open model: a stage that ramps up or down from where the previous one ended', () => {
    const s = scenario('{ model: open, startRate: 60, stages: [{ duration: 5s, rate: 60 }, { duration: 1s, rate: 600 }, { duration: 7s, rate: 600 }, { duration: 1s, rate: 60 }] }');
    expect([0, 1, 2, 3, 4].map((i) => loadStepDirection(s, i))).toEqual([undefined, 'up', undefined, 'down', undefined]);
  });

  it('open model: the first stage ramps from startRate', () => {
    expect(loadStepDirection(scenario('{ model: open, startRate: 10, stages: [{ duration: 5s, rate: 100 }] }'), 0)).toBe('up');
  });

  it('closed model: VUs start from startVus (0 by default)', () => {
    expect(loadStepDirection(scenario('{ model: closed, vus: 10, duration: 5s }'), 0)).toBe('up');
    const s = scenario('{ model: closed, startVus: 5, stages: [{ duration: 5s, vus: 5 }, { duration: 5s, vus: 2 }] }');
    expect([loadStepDirection(s, 0), loadStepDirection(s, 1)]).toEqual([undefined, 'down']);
  });
});
