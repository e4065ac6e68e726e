import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from './helpers/cli';

/** Bad scenario files end with exit 2 and one readable line naming file, line and field path. */
describe('scaletrace run/validate with invalid input', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-invalid-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const base = (load: string): string => [
    'name: bad',
    'target: http://127.0.0.1:9',
    'requests:',
    '  - { name: ok, path: /ok }',
    'load:',
    load,
  ].join('\n');

  const cases: Array<{ name: string; yaml: string; expect: RegExp }> = [
    { name: 'unknown field', yaml: base('  model: open\n  rate: 5\n  duration: 1s\n  colour: red'), expect: /:9:\d+: load\.colour/ },
    { name: 'negative rate', yaml: base('  model: open\n  stages:\n    - { duration: 1s, rate: -1 }'), expect: /:8:\d+: load\.stages\[0\]\.rate/ },
    { name: 'bad duration', yaml: base('  model: open\n  stages:\n    - { duration: 10 parsecs, rate: 5 }'), expect: /:8:\d+: load\.stages\[0\]\.duration.*parsecs/ },
    { name: 'bad YAML', yaml: 'name: x\nrequests: [ { name: a\nload: {', expect: /:\d+:\d+: / },
    { name: 'bad target URL', yaml: base('  model: open\n  rate: 5\n  duration: 1s').replace('http://127.0.0.1:9', 'htp//nowhere'), expect: /:2:\d+: target/ },
  ];

  for (const c of cases) {
    for (const command of ['validate', 'run']) {
      it(`${command}: ${c.name} → exit 2 with file, line and path, no stack`, async () => {
        const file = path.join(dir, `${c.name.replace(/\W+/g, '-')}.yaml`);
        writeFileSync(file, c.yaml);
        const args = command === 'run' ? [command, file, '--out', path.join(dir, 'out')] : [command, file];
        const res = await runCli(args, { timeoutMs: 20_000 });
        expect(res.code).toBe(2);
        expect(res.stderr).toContain(path.basename(file));
        expect(res.stderr).toMatch(c.expect);
        expect(res.stderr).not.toMatch(/\n\s+at /);
        expect(res.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
      });
    }
  }

  it('an unknown --set path → exit 2 naming the override', async () => {
    const file = path.join(dir, 'ok.yaml');
    writeFileSync(file, base('  model: open\n  rate: 5\n  duration: 1s'));
    const res = await runCli(['validate', file, '--set', 'load.stages[7].rate=400'], { timeoutMs: 20_000 });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--set/);
    expect(res.stderr).toMatch(/stages\[7\]/);
  });

  it('a missing file → exit 2', async () => {
    const res = await runCli(['validate', path.join(dir, 'nope.yaml')], { timeoutMs: 20_000 });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/nope\.yaml/);
  });

  it('an unknown command → exit 2', async () => {
    const res = await runCli(['frobnicate'], { timeoutMs: 20_000 });
    expect(res.code).toBe(2);
  });
});
