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

  it('clear errors for an unknown context or a missing file', async () => {
    await expect(connect({ kubeconfig: path.join(dir, 'a.yaml'), context: 'prod' })).rejects.toThrow(new KubeConfigError('context "prod" is not in the kubeconfig (contexts: a)'));
    await expect(connect({ kubeconfig: path.join(dir, 'nope.yaml') })).rejects.toThrow(/kubeconfig .*nope\.yaml does not exist/);
  });
});
