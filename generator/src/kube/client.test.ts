import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { connect } from './client';
import { KubeConfigError } from './types';

/** Kubeconfig resolution as kubectl does it (client-node's loader, plus our context and namespace rules). */
describe('connect: kubeconfig resolution', () => {
  let dir: string;
  const saved = process.env.KUBECONFIG;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-kubeconfig-'));
    writeFileSync(path.join(dir, 'a.yaml'), [
      'apiVersion: v1', 'kind: Config',
      'clusters: [{ name: one, cluster: { server: "http://127.0.0.1:1", insecure-skip-tls-verify: true } }]',
      'users: [{ name: me, user: { token: t } }]',
      'contexts: [{ name: a, context: { cluster: one, user: me } }]',
      'current-context: a', '',
    ].join('\n'));
    writeFileSync(path.join(dir, 'b.yaml'), [
      'apiVersion: v1', 'kind: Config',
      'clusters: [{ name: two, cluster: { server: "http://127.0.0.1:2", insecure-skip-tls-verify: true } }]',
      'contexts: [{ name: b, context: { cluster: two, user: me, namespace: team } }]',
      'current-context: b', '',
    ].join('\n'));
    // Same cluster, user and context names as a.yaml, pointing elsewhere: kubectl keeps a.yaml's.
    writeFileSync(path.join(dir, 'dup.yaml'), [
      'apiVersion: v1', 'kind: Config',
      'clusters: [{ name: one, cluster: { server: "http://127.0.0.1:3" } }]',
      'users: [{ name: me, user: { token: other } }]',
      'contexts: [{ name: a, context: { cluster: one, user: me, namespace: dup } }, { name: d, context: { cluster: one, user: me } }]',
      'current-context: d', '',
    ].join('\n'));
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.KUBECONFIG; else process.env.KUBECONFIG = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('KUBECONFIG lists files that are merged; the first file\'s current-context wins; --context switches', async () => {
    process.env.KUBECONFIG = [path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')].join(path.delimiter);
    const first = await connect({});
    expect([first.server, first.namespace]).toEqual(['http://127.0.0.1:1', 'default']);
    const b = await connect({ context: 'b' });
    expect([b.server, b.namespace]).toEqual(['http://127.0.0.1:2', 'team']);
    expect((await connect({ context: 'b', namespace: 'other' })).namespace).toBe('other');
  });

  it('KUBECONFIG as kubectl merges it: missing files skipped, duplicate names keep the first file\'s entry (client-node alone throws)', async () => {
    process.env.KUBECONFIG = [path.join(dir, 'missing.yaml'), path.join(dir, 'a.yaml'), path.join(dir, 'dup.yaml')].join(path.delimiter);
    const merged = await connect({});
    expect([merged.server, merged.namespace]).toEqual(['http://127.0.0.1:1', 'default']);
    expect(merged.config.getCurrentUser()?.token).toBe('t');
    expect((await connect({ context: 'd' })).server).toBe('http://127.0.0.1:1'); // d's cluster "one" is a.yaml's
    // None of them exists: kubectl falls back to the in-cluster config (there is none here), not to ~/.kube/config.
    const files = [path.join(dir, 'x.yaml'), path.join(dir, 'y.yaml')].join(path.delimiter);
    process.env.KUBECONFIG = files;
    await expect(connect({})).rejects.toThrow(new KubeConfigError(
      `no kubeconfig or in-cluster config found (looked at: KUBECONFIG=${files}, /var/run/secrets/kubernetes.io/serviceaccount/token)`));
  });

  it('plain HTTP without insecure-skip-tls-verify is refused up front with the fix, not on the first request', async () => {
    const file = path.join(dir, 'http.yaml');
    writeFileSync(file, [
      'apiVersion: v1', 'kind: Config',
      'clusters: [{ name: plain, cluster: { server: "http://127.0.0.1:4" } }]',
      'contexts: [{ name: p, context: { cluster: plain, user: "" } }]',
      'current-context: p', '',
    ].join('\n'));
    await expect(connect({ kubeconfig: file })).rejects.toThrow(new KubeConfigError(
      'cluster "plain" has a plain-HTTP server (http://127.0.0.1:4): @kubernetes/client-node needs insecure-skip-tls-verify: true on it to connect'));
  });

  it('clear errors for an unknown context or a missing file', async () => {
    await expect(connect({ kubeconfig: path.join(dir, 'a.yaml'), context: 'prod' })).rejects.toThrow(new KubeConfigError('context "prod" is not in the kubeconfig (contexts: a)'));
    await expect(connect({ kubeconfig: path.join(dir, 'nope.yaml') })).rejects.toThrow(/kubeconfig .*nope\.yaml does not exist/);
  });
});
