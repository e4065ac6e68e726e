import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LoadEngine } from '../generator/src/engine';
import { RecordingObserver, requestSpec, scenarioOf } from '../generator/src/engine/test-target';
import type { TransportSpec } from '../generator/src/scenario';

/**
 * `tls:` and `http2:` per target, against real TLS servers on 127.0.0.1 with a certificate made
 * here by openssl (a throwaway CA signs the server's certificate for 127.0.0.1).
 */
describe('tls and http2 targets', () => {
  let dir: string;
  let caPem: string;
  let key: string;
  let cert: string;
  const servers: Array<{ close(cb: () => void): void }> = [];
  const versions: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-tls-'));
    const ssl = (...args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', timeout: 30_000 }); };
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=scaletrace test CA');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    rmSync(dir, { recursive: true, force: true });
  });

  async function listen(server: https.Server | http2.Http2SecureServer): Promise<string> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function run(target: string, transport: TransportSpec, n = 5): Promise<RecordingObserver> {
    const observer = new RecordingObserver();
    const engine = new LoadEngine({
      scenario: scenarioOf([requestSpec(target, '/hello', { transport })], { model: 'closed', stages: [{ durationMs: 0, vus: 1 }], iterations: n }),
      observer,
    });
    try {
      await engine.run();
    } finally {
      await engine.close();
    }
    return observer;
  }

  it('trusts a CA given in tls.ca; without it the certificate is refused', async () => {
    const url = await listen(https.createServer({ key, cert }, (req, res) => { versions.push(`https ${req.httpVersion}`); res.end('hi'); }));
    const refused = await run(url, { http2: false });
    expect(refused.records.every((r) => r.errorType !== undefined)).toBe(true);
    expect(refused.records[0]?.errorMessage).toMatch(/certificate/i);
    expect(refused.records[0]?.errorType).toMatch(/VERIFY|CERT|SIGN/);
    const trusted = await run(url, { http2: false, tls: { ca: caPem, caFile: path.join(dir, 'ca.pem'), insecure: false } });
    expect(trusted.records.map((r) => [r.status, r.errorType])).toEqual(Array.from({ length: 5 }, () => [200, undefined]));
    const insecure = await run(url, { http2: false, tls: { insecure: true } });
    expect(insecure.records.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('http2: true speaks HTTP/2 to a server that offers it (ALPN)', async () => {
    const h2 = http2.createSecureServer({ key, cert, allowHTTP1: false }, (req, res) => { versions.push(`h2 ${req.httpVersion}`); res.end('hi'); });
    const url = await listen(h2);
    versions.length = 0;
    const observer = await run(url, { http2: true, tls: { ca: caPem, caFile: 'ca.pem', insecure: false } });
    expect(observer.records.map((r) => [r.status, r.errorType])).toEqual(Array.from({ length: 5 }, () => [200, undefined]));
    expect(versions).toEqual(Array.from({ length: 5 }, () => 'h2 2.0'));
    // without http2: the HTTP/1.1-only client cannot talk to an h2-only server
    const h1 = await run(url, { http2: false, tls: { ca: caPem, caFile: 'ca.pem', insecure: false } }, 1);
    expect(h1.records[0]?.errorType).toBeDefined();
  });

  // Read after beforeAll made them (the describe body runs first).
  beforeAll(() => {
    caPem = readFileSync(path.join(dir, 'ca.pem'), 'utf8');
    key = readFileSync(path.join(dir, 'server.key'), 'utf8');
    cert = readFileSync(path.join(dir, 'server.pem'), 'utf8');
  });
});
