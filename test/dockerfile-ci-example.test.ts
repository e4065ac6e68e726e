/**
 * The Dockerfile of the scaletrace image (cannot be built here: no Docker engine; its COPY
 * sources, user and entrypoint are checked) and the CI example, whose load-test step is run for
 * real against a local target.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startRecordingTarget, type RecordingTarget } from './helpers/recording-target';
import { cleanEnv } from './helpers/cli';

const ROOT = join(__dirname, '..');

describe('Dockerfile', () => {
  const lines = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));

  it('copies only files that exist, from pinned base images', () => {
    for (const l of lines.filter((x) => x.startsWith('FROM '))) expect(l).toMatch(/^FROM [\w./-]+:[\w.-]+( AS \w+)?$/);
    for (const l of lines.filter((x) => x.startsWith('COPY ') && !x.includes('--from='))) {
      const parts = l.split(/\s+/).slice(1, -1);
      for (const src of parts) expect({ src, exists: existsSync(join(ROOT, src)) }).toEqual({ src, exists: true });
    }
  });

  it('runs non-root as the uid k8s/ expects, with the CLI as entrypoint', () => {
    const user = lines.filter((x) => x.startsWith('USER ')).pop();
    expect(user).toBe('USER 10001:10001');
    expect(lines).toContain('ENTRYPOINT ["node", "/app/generator/bin/scaletrace.js"]');
    expect(statSync(join(ROOT, 'generator/bin/scaletrace.js')).isFile()).toBe(true);
    const version = (JSON.parse(readFileSync(join(ROOT, 'generator/package.json'), 'utf8')) as { version: string }).version;
    expect(readFileSync(join(ROOT, 'k8s/generator/job.yaml'), 'utf8')).toContain(`image: scaletrace/scaletrace:${version}`);
  });
});

describe('CI example (k8s/examples/github-actions-load-test.yaml), its load-test step run for real', () => {
  const workflow = parse(readFileSync(join(ROOT, 'k8s/examples/github-actions-load-test.yaml'), 'utf8')) as {
    jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }>;
  };
  const script = Object.values(workflow.jobs)[0]?.steps.find((s) => s.name === 'Load test')?.run as string;
  let target: RecordingTarget;
  let dir: string;
  beforeAll(async () => {
    target = await startRecordingTarget();
    dir = mkdtempSync(join(tmpdir(), 'scaletrace-ci-'));
  });
  afterAll(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous: the target answers from this process, so a blocking spawnSync would starve it.
  const runStep = async (threshold: string) => {
    const scenario = join(dir, `s-${threshold.length}.yaml`);
    writeFileSync(scenario, [
      'name: ci-gate', 'target: http://127.0.0.1:1', 'requests:', '  - { name: ok, path: /ok }',
      'load: { model: closed, vus: 2, iterations: 20 }', 'thresholds:', `  - "${threshold}"`,
    ].join('\n'));
    const cwd = mkdtempSync(join(dir, 'ws-'));
    execFileSync('ln', ['-s', join(ROOT, 'node_modules'), join(cwd, 'node_modules')]);
    writeFileSync(join(cwd, 'package.json'), '{"name":"ci-example","private":true}');
    const child = spawn('bash', ['-c', script], {
      cwd, stdio: ['ignore', 'pipe', 'pipe'],
      env: cleanEnv({ SCENARIO: scenario, TARGET: target.url, GITHUB_STEP_SUMMARY: join(cwd, 'step-summary.md') }),
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    clearTimeout(timer);
    return { stdout, status, stepSummary: existsSync(join(cwd, 'step-summary.md')) ? readFileSync(join(cwd, 'step-summary.md'), 'utf8') : '' };
  };

  it('fails the job with exit 99 and says the thresholds failed', async () => {
    const res = await runStep('error_rate < 0%');
    expect(res.stdout).toContain('::error::load test thresholds failed (exit 99)');
    expect(res.status).toBe(99);
  }, 70_000);

  it('passes when the thresholds hold, and writes the summary to the step summary', async () => {
    const res = await runStep('error_rate < 1%');
    expect(res.stdout).toContain('load test passed');
    expect(res.status).toBe(0);
    expect(res.stepSummary).toContain('error_rate');
  }, 70_000);
});
