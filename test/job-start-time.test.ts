import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readJobCreatedAt, resolveSharedStart } from '../generator/src/shards';

/**
 * The shared start of an Indexed Job read through client-node from a protocol-level fixture of
 * the Kubernetes API (GET a Job, GET a Pod, as the real API server answers them): no cluster
 * runs here, and the API simulator serves no batch/v1.
 */
describe('Job creationTimestamp through the Kubernetes API (protocol fixture, not a cluster)', () => {
  const created = '2026-12-02T08:00:00Z';
  let server: http.Server;
  let dir: string;
  const seen: string[] = [];
  let forbidJobs = false;
  const savedKubeconfig = process.env.KUBECONFIG;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      const json = (status: number, body: unknown): void => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
      if (req.url === '/apis/batch/v1/namespaces/load/jobs/scaletrace-7k2') {
        if (forbidJobs) return json(403, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'jobs.batch "scaletrace-7k2" is forbidden' });
        return json(200, { kind: 'Job', apiVersion: 'batch/v1', metadata: { name: 'scaletrace-7k2', namespace: 'load', uid: 'u-1', creationTimestamp: created }, spec: { completions: 3, parallelism: 3, completionMode: 'Indexed', template: { spec: { containers: [] } } } });
      }
      if (req.url === '/api/v1/namespaces/load/pods/scaletrace-7k2-1-abcde') {
        return json(200, { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'scaletrace-7k2-1-abcde', namespace: 'load', labels: { 'batch.kubernetes.io/job-name': 'scaletrace-7k2', 'job-name': 'scaletrace-7k2' } }, spec: { containers: [] } });
      }
      json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-job-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: fixture',
      `clusters: [{ name: fixture, cluster: { server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true } }]`,
      'users: [{ name: pod, user: { token: sa-token } }]',
      'contexts: [{ name: fixture, context: { cluster: fixture, user: pod, namespace: default } }]',
    ].join('\n'));
    process.env.KUBECONFIG = kubeconfig;
  });
  afterAll(async () => {
    if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = savedKubeconfig;
    await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => { seen.length = 0; forbidJobs = false; });

  it('SCALETRACE_JOB_NAME and POD_NAMESPACE (downward API): one GET of the Job', async () => {
    await expect(readJobCreatedAt({ SCALETRACE_JOB_NAME: 'scaletrace-7k2', POD_NAMESPACE: 'load' })).resolves.toBe(Date.parse(created));
    expect(seen).toEqual(['GET /apis/batch/v1/namespaces/load/jobs/scaletrace-7k2 Bearer sa-token']);
  });

  it('without SCALETRACE_JOB_NAME: the Job named by the pod\'s (HOSTNAME) job-name label', async () => {
    await expect(readJobCreatedAt({ HOSTNAME: 'scaletrace-7k2-1-abcde', POD_NAMESPACE: 'load' })).resolves.toBe(Date.parse(created));
    expect(seen.map((s) => s.split(' ')[1])).toEqual(['/api/v1/namespaces/load/pods/scaletrace-7k2-1-abcde', '/apis/batch/v1/namespaces/load/jobs/scaletrace-7k2']);
  });

  it('every pod starts at creationTimestamp + SCALETRACE_START_DELAY; a 403 starts unsynchronised, with a warning', async () => {
    const env = { JOB_COMPLETION_INDEX: '1', SCALETRACE_SHARDS: '3', SCALETRACE_START_DELAY: '45s', SCALETRACE_JOB_NAME: 'scaletrace-7k2', POD_NAMESPACE: 'load' };
    const warn = jest.fn();
    await expect(resolveSharedStart({ env, inJob: true, warn, jobCreatedAt: () => readJobCreatedAt(env) }))
      .resolves.toEqual({ at: Date.parse(created) + 45_000, source: 'job-creation' });
    forbidJobs = true;
    await expect(resolveSharedStart({ env, inJob: true, warn, jobCreatedAt: () => readJobCreatedAt(env) })).resolves.toEqual({ source: 'unsynchronised' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toBe('cannot read the Job\'s creationTimestamp (get job load/scaletrace-7k2: HTTP 403 (jobs.batch "scaletrace-7k2" is forbidden)); '
      + 'starting now, not aligned with the other shards — set SCALETRACE_START_AT to align them');
  });
});
