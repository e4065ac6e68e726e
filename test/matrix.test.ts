import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDemoCluster, type DemoCluster } from '../generator/src/demo-cluster';
import { MATRIX_CSV_HEADER } from '../generator/src/matrix';
import { cleanEnv, runCli, spawnCli } from './helpers/cli';

const csvRows = (file: string): string[][] => readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

/**
 * `scaletrace matrix` against the demo cluster: the demo target behind the Kubernetes API simulator
 * (not a cluster). Cells are tiny (2 s) so the whole file stays well under a minute.
 */
describe('scaletrace matrix (demo cluster: demo target + Kubernetes API simulator)', () => {
  let dir: string;
  let cluster: DemoCluster;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-matrix-'));
    cluster = await startDemoCluster({ dir, env: cleanEnv() });
    writeFileSync(path.join(dir, 'predict.yaml'), [
      'name: predict',
      `target: ${cluster.targetUrl}`,
      'requests:',
      '  - { name: predict, method: POST, path: /predict, body: \'{"x": 1}\', weight: 3 }',
      '  - { name: health, path: /health, weight: 1 }',
      'load: { model: open, rate: 1, duration: 1s }',
      '',
    ].join('\n'));
  });
  afterAll(async () => {
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const matrixFile = (name: string, lines: string[]): string => {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, [
      `name: ${name}`, 'scenario: predict.yaml',
      `kubernetes: { kubeconfig: ${cluster.kubeconfig}, deployment: ${cluster.deployment}, hpa: ${cluster.hpa} }`,
      ...lines, '',
    ].join('\n'));
    return file;
  };

  it('pins each cell\'s replicas (scale subresource + HPA min = max), records every cell and restores the Deployment and HPA', async () => {
    const { sim, deployment, hpa } = cluster;
    const before = { replicas: sim.specReplicas(deployment), range: sim.hpaRange(hpa) };
    const file = matrixFile('capacity', ['replicas: [1, 2]', 'load: { model: open, levels: [20, 40] }', 'mixes: [{ name: predict-only, weights: { predict: 1 } }]', 'duration: 2s', 'cooldown: 300ms', 'readyTimeout: 20s']);
    const out = path.join(dir, 'out-capacity');
    const since = Date.now();
    const res = await runCli(['matrix', file, '--out', out], { timeoutMs: 60_000 });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/cell 3\/4: 2 replicas × 20 req\/s \(predict-only\): 2 replicas Ready after/);

    const csv = readFileSync(path.join(out, 'matrix.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe(MATRIX_CSV_HEADER);
    const rows = csvRows(path.join(out, 'matrix.csv'));
    expect(rows.map((r) => [r[0], r[1], r[10]])).toEqual([
      ['1', '20:predict-only', 'SUCCESS'], ['1', '40:predict-only', 'SUCCESS'], ['2', '20:predict-only', 'SUCCESS'], ['2', '40:predict-only', 'SUCCESS'],
    ]);
    for (const r of rows) {
      expect(Number(r[2])).toBeGreaterThan(0); // near the offered rate on a quiet machine; a busy CI box serves less
      expect(Number(r[7])).toBeGreaterThan(0);
      expect(Number(r[8])).toBeGreaterThanOrEqual(1.9);
      expect(r[9]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    // Each cell ran with its own results; the mix sent predict only.
    const cell3 = JSON.parse(readFileSync(path.join(out, 'cells', '03-r2-20rps-predict-only', 'summary.json'), 'utf8')) as { requests: Record<string, { requests: number }> };
    expect(Object.keys(cell3.requests)).toEqual(['predict']);

    // Ground truth from the simulator: pinned to 2 (HPA range then scale), then put back as found.
    const history = sim.history().filter((h) => h.at >= since);
    const pinIndex = history.findIndex((h) => h.kind === 'hpaRange' && h.from === 2 && h.to === 2);
    expect(pinIndex).toBeGreaterThanOrEqual(0);
    expect(history.slice(pinIndex).some((h) => h.kind === 'scale' && h.to === 2)).toBe(true);
    expect(sim.hpaRange(hpa)).toEqual(before.range);
    expect(sim.specReplicas(deployment)).toBe(before.replicas);
    expect(res.stdout).toContain(`restored hpa/${hpa} min ${before.range?.minReplicas} max ${before.range?.maxReplicas}, deployment/${deployment} replicas ${before.replicas}`);
    expect(JSON.parse(readFileSync(path.join(out, 'restore.json'), 'utf8'))).toMatchObject({ deployment, replicas: before.replicas, hpa: { name: hpa, ...before.range } });

    const md = readFileSync(path.join(out, 'matrix.md'), 'utf8');
    expect(md).toContain('**Best throughput:**');
    expect(md).toContain('**Best latency:**');
    expect(md).toContain('### Throughput per replica');
    expect(md).toMatch(/Load 20:predict-only: (\*\*stops paying at \d replicas\*\*|still paying at 2 replicas)/);
  }, 90_000);

  it('Ctrl-C in the middle of a cell stops the matrix, keeps what was measured and still restores replicas and HPA', async () => {
    const { sim, deployment, hpa } = cluster;
    const before = { replicas: sim.specReplicas(deployment), range: sim.hpaRange(hpa) };
    const file = matrixFile('interrupted', ['replicas: [1, 3]', 'load: { model: closed, levels: [2] }', 'duration: 8s', 'cooldown: 0s']);
    const out = path.join(dir, 'out-interrupted');
    const child = spawnCli(['matrix', file, '--out', out]);
    let seen = '';
    child.stdout?.on('data', (d: Buffer) => { seen += d.toString(); });
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    for (const end = Date.now() + 45_000; !seen.includes('3 replicas Ready after') && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
    expect(seen).toContain('3 replicas Ready after');
    expect(sim.hpaRange(hpa)).toEqual({ minReplicas: 3, maxReplicas: 3 });
    await new Promise((r) => setTimeout(r, 1000));
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const res = await child.result;
    clearTimeout(kill);
    expect(res.code).toBe(130);
    expect(sim.hpaRange(hpa)).toEqual(before.range);
    // The first scale write after Ctrl-C is the restore (the HPA, free again, may act after it).
    expect(sim.history().find((h) => h.kind === 'scale' && h.at >= interruptedAt)).toMatchObject({ deployment, from: 3, to: before.replicas });
    expect(res.stdout).toContain(`deployment/${deployment} replicas ${before.replicas}`);
    const rows = csvRows(path.join(out, 'matrix.csv'));
    expect(rows.map((r) => [r[0], r[1], r[10]])).toEqual([['1', '2', 'SUCCESS'], ['3', '2', 'INTERRUPTED']]);
    expect(readFileSync(path.join(out, 'matrix.md'), 'utf8')).toContain('# Matrix: interrupted (interrupted)');
  }, 90_000);

  it('an invalid matrix file exits 2 naming file, line and field path', async () => {
    const file = matrixFile('bad', ['replicas: [1, two]', 'load: { model: open, levels: [10] }', 'duration: 2s']);
    const res = await runCli(['matrix', file], { timeoutMs: 30_000 });
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe(`scaletrace: ${file}:4:15: replicas[1]: must be a whole number`);
  }, 40_000);
});
