import { describePlan, parseScenario } from './index';
import { selectorProblem } from './faults';

const scenario = (faults: string[], kubernetes = 'kubernetes: { namespace: shop }'): string => [
  'name: f', 'target: http://127.0.0.1:9', 'requests: [{ name: a, path: /a }]', 'load: { model: open, rate: 10, duration: 60s }', kubernetes, 'faults:', ...faults, '',
].join('\n');

describe('faults: in scenarios', () => {
  it('normalises actions with defaults, in time order', () => {
    const s = parseScenario(scenario([
      '  - { at: 40s, scaleTo: { deployment: web, replicas: 1 } }',
      '  - { name: kill, at: 20s, deletePods: { selector: "app=web, tier in (a,b)", count: 2, gracePeriod: 0s } }',
      '  - { at: 30s, deletePods: { selector: app=web } }',
    ]), '/s.yaml');
    expect(s.faults).toEqual([
      { name: 'kill', atMs: 20_000, action: { kind: 'deletePods', selector: 'app=web,tier in (a,b)', count: 2, pick: 'random', gracePeriodS: 0 } },
      { name: 'delete-1-pod-30s', atMs: 30_000, action: { kind: 'deletePods', selector: 'app=web', count: 1, pick: 'random' } },
      { name: 'scale-web-to-1-40s', atMs: 40_000, action: { kind: 'scaleTo', deployment: 'web', replicas: 1 } },
    ]);
    expect(describePlan(s).split('\n').slice(-3)).toEqual([
      'fault kill at 20s: delete 2 pods app=web,tier in (a,b) (random, grace 0 s)',
      'fault delete-1-pod-30s at 30s: delete 1 pod app=web (random)',
      'fault scale-web-to-1-40s at 40s: scale deployment/web to 1',
    ]);
  });

  it.each([
    [['  - { at: 10s }'], /s\.yaml:7:5: faults\[0\]: needs exactly one action: deletePods or scaleTo$/],
    [['  - { at: 10s, deletePods: { selector: a=b }, scaleTo: { deployment: w, replicas: 1 } }'], /faults\[0\]: needs exactly one action/],
    [['  - { at: 60s, deletePods: { selector: a=b } }'], /s\.yaml:7:11: faults\[0\]\.at: 1m is not before the load ends \(1m\)$/],
    [['  - { at: 1s, deletePods: { selector: "app=w=x" } }'], /faults\[0\]\.deletePods\.selector: "app=w=x" is not a label selector term/],
    [['  - { at: 1s, deletePods: { selector: a=b, gracePeriod: 1500ms } }'], /faults\[0\]\.deletePods\.gracePeriod: the API takes whole seconds/],
    [['  - { at: 1s, deletePods: { selectr: a=b } }'], /faults\[0\]\.deletePods\.selectr: unknown field \(did you mean "selector"\?\)$/],
    [['  - { at: 1s, deletePods: { selector: a=b } }', '  - { at: 1s, deletePods: { selector: a=b } }'], /faults\[1\]: duplicate fault name "delete-1-pod-1s" \(give each fault a name:\)$/],
  ])('%j → file:line: field path: reason', (faults, message) => {
    expect(() => parseScenario(scenario(faults), '/s.yaml')).toThrow(message);
  });

  it('faults need the kubernetes: section that says which cluster', () => {
    expect(() => parseScenario(scenario(['  - { at: 1s, deletePods: { selector: a=b } }'], ''), '/s.yaml'))
      .toThrow(/s\.yaml:7:3: faults: faults act on the cluster of the kubernetes: section/);
  });

  it.each(['app=web', 'app = web', 'app==web,tier!=db', 'env in (a, b)', 'env notin (a)', '!canary', 'example.com/part-of=shop', 'app', 'app='])('%s is a selector', (sel) => {
    expect(selectorProblem(sel)).toBeUndefined();
  });
  it.each(['', 'app=web,', '=web', 'app in a,b', 'app=w b'])('%j is not', (sel) => {
    expect(selectorProblem(sel)).toMatch(/is not a label selector term/);
  });
});
