import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MATRIX_RBAC } from '../kube';
import { parse as parseYaml } from 'yaml';
import { matrixCells, parseMatrix } from './load-matrix';

describe('matrix files', () => {
  let dir: string;
  const file = (): string => path.join(dir, 'matrix.yaml');
  const parse = (lines: string[]) => parseMatrix([
    'name: m', 'scenario: s.yaml', 'kubernetes: { deployment: web, hpa: web }', ...lines, '',
  ].join('\n'), file());

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-matrix-unit-'));
    writeFileSync(path.join(dir, 's.yaml'), [
      'name: s', 'target: http://127.0.0.1:9', 'requests:', '  - { name: predict, path: /predict, weight: 3 }', '  - { name: health, path: /health }',
      'load: { model: closed, vus: 1, duration: 1s, thinkTime: 100ms }', '',
    ].join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('expands replicas × mixes × levels, replicas outermost, each cell one flat stage with the mix\'s weights', () => {
    const plan = parse(['replicas: [1, 2]', 'load: { model: open, levels: [50, 100], maxInFlight: 20 }',
      'mixes: [{ name: all, weights: { predict: 1, health: 1 } }, { name: heavy, weights: { predict: 1, health: 0 } }]', 'duration: 30s', 'cooldown: 5s']);
    const cells = matrixCells(plan);
    expect(cells.map((c) => [c.replicas, c.mix, c.level])).toEqual([
      [1, 'all', 50], [1, 'all', 100], [1, 'heavy', 50], [1, 'heavy', 100], [2, 'all', 50], [2, 'all', 100], [2, 'heavy', 50], [2, 'heavy', 100],
    ]);
    const heavy = cells[3]?.scenario;
    expect(heavy?.load).toEqual({ model: 'open', stages: [{ durationMs: 30_000, rate: 100 }], maxInFlight: 20 });
    expect(heavy?.requests.map((r) => [r.name, r.weight])).toEqual([['predict', 1]]);
    expect(heavy?.kubernetes).toBeUndefined();
    expect(plan.cooldownMs).toBe(5000);
    expect(plan.readyTimeoutMs).toBe(120_000);
  });

  it('closed model: levels are VUs and the scenario\'s think time is kept', () => {
    const [cell] = matrixCells(parse(['replicas: [3]', 'load: { model: closed, levels: [10] }', 'duration: 1m']));
    expect(cell?.scenario.load).toEqual({ model: 'closed', stages: [{ durationMs: 60_000, vus: 10 }], thinkTime: { minMs: 100, maxMs: 100 } });
    expect(cell?.scenario.requests.map((r) => r.weight)).toEqual([3, 1]);
  });

  it.each([
    [['replicas: [1, 1]', 'load: { model: open, levels: [1] }', 'duration: 1s'], /matrix\.yaml:4:15: replicas\[1\]: replica count 1 is listed twice$/],
    [['replicas: [1]', 'load: { model: closed, levels: [1.5] }', 'duration: 1s'], /matrix\.yaml:5:33: load\.levels\[0\]: a closed-model level is a whole number of VUs \(got 1.5\)$/],
    [['replicas: [1]', 'load: { model: open, levels: [1] }', 'duraton: 1s'], /matrix\.yaml:6:1: duraton: unknown field \(did you mean "duration"\?\)$/],
    [['replicas: [1]', 'load: { model: open, levels: [1] }', 'duration: 1s', 'mixes: [{ name: x, weights: { predcit: 1 } }]'], /matrix\.yaml:7:31: mixes\[0\]\.weights\.predcit: "predcit" is not a request of s\.yaml \(requests: predict, health\)$/],
    [['replicas: [1]', 'load: { model: open, levels: [1] }', 'duration: 10 parsecs'], /matrix\.yaml:6:11: duration: invalid duration/],
    [['replicas: []', 'load: { model: open, levels: [1] }', 'duration: 1s'], /replicas: needs at least one replica count$/],
  ])('%j → file:line:col: field path: reason', (lines, message) => {
    expect(() => parse(lines)).toThrow(message);
  });

  it('a missing scenario file is reported at the matrix\'s scenario field', () => {
    expect(() => parseMatrix('name: m\nscenario: nope.yaml\nkubernetes: { deployment: web }\nreplicas: [1]\nload: { model: open, levels: [1] }\nduration: 1s\n', file()))
      .toThrow(/matrix\.yaml:2:11: scenario: cannot read the scenario file \(ENOENT\)$/);
  });

  it('docs/matrix.md: the example matrix file is valid and its RBAC rules are MATRIX_RBAC', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../../docs/matrix.md'), 'utf8');
    const [example, rbac] = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    writeFileSync(path.join(dir, 'predict.yaml'), readFileSync(path.join(dir, 's.yaml'), 'utf8'));
    const plan = parseMatrix(example as string, file());
    expect(matrixCells(plan)).toHaveLength(3 * 3 * 2);
    const rules = (parseYaml(rbac as string) as { rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> }).rules;
    expect(rules.map((r) => ({ group: r.apiGroups[0], resource: r.resources[0], verbs: r.verbs }))).toEqual([...MATRIX_RBAC]);
  });
});
