import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CollectorLink } from './collector-link';
import { readSignalConfig } from './otlp-config';
import { OtlpHttpSender } from './otlp-http-sender';

/**
 * A collector that holds every export until released (the test sees what is in flight), or with
 * `status` answers each at once with it.
 */
async function startHoldingCollector(status?: number): Promise<{ url: string; held: ServerResponse[]; received: () => number; close: () => Promise<void> }> {
  const held: ServerResponse[] = [];
  let received = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    received++;
    req.resume();
    req.on('end', () => {
      if (status === undefined) held.push(res);
      else res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, held, received: () => received,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (const end = Date.now() + 5000; !check();) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('OtlpHttpSender with its collector down', () => {
  it('one export at a time probes; the others fail at once; the probe\'s success brings the link up with one notice', async () => {
    const collector = await startHoldingCollector();
    const url = `${collector.url}/v1/metrics`;
    const notices: string[] = [];
    const link = new CollectorLink({
      runId: `sender-${process.pid}-${Date.now()}`, origin: collector.url, spillDir: '/tmp/spill', warn: (l) => notices.push(l), probeIntervalMs: 0,
    });
    const sender = new OtlpHttpSender(readSignalConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_TIMEOUT: '5000' }, 'metrics'), 4, link);
    try {
      link.failed(url, 'ECONNREFUSED');
      expect(link.down).toBe(true);
      const body = new Uint8Array([1, 2, 3]);
      const sends = Array.from({ length: 5 }, () => sender.send(body));
      // The first is the probe and waits for the collector; the other four are answered at once.
      const rest = await Promise.all(sends.slice(1));
      expect(rest).toEqual(Array.from({ length: 4 }, () => ({ ok: false, error: 'collector down' })));
      await until('the probe reached the collector', () => collector.held.length === 1);
      expect(collector.received()).toBe(1);
      expect(link.down).toBe(true);

      collector.held[0]!.end();
      await expect(sends[0]).resolves.toEqual({ ok: true });
      expect(link.down).toBe(false);
      expect(notices).toEqual([
        `collector unreachable at ${url} (ECONNREFUSED): spilling batches to /tmp/spill; resend with \`scaletrace replay /tmp/spill\``,
        `collector at ${url} is reachable again; 4 batches were spilled to /tmp/spill — resend with \`scaletrace replay /tmp/spill\``,
      ]);

      // Up again: exports go out side by side, none held back.
      const next = [sender.send(body), sender.send(body)];
      await until('both exports reached the collector', () => collector.held.length === 3);
      for (const res of collector.held.slice(1)) res.end();
      await expect(Promise.all(next)).resolves.toEqual([{ ok: true }, { ok: true }]);
    } finally {
      await sender.close();
      link.close();
      await collector.close();
    }
  });

  it('at most one probe per probe interval: after a failed probe the next exports are not sent', async () => {
    const collector = await startHoldingCollector(400);
    const link = new CollectorLink({ runId: `sender-int-${process.pid}-${Date.now()}`, origin: collector.url, spillDir: '/tmp/spill', probeIntervalMs: 60_000 });
    const sender = new OtlpHttpSender(readSignalConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }, 'logs'), 1, link);
    try {
      link.failed(`${collector.url}/v1/logs`, 'ECONNRESET');
      await expect(sender.send(new Uint8Array([1]))).resolves.toEqual({ ok: false, error: 'HTTP 400' });
      expect(collector.received()).toBe(1);
      const later = await Promise.all([sender.send(new Uint8Array([2])), sender.send(new Uint8Array([3]))]);
      expect(later).toEqual([{ ok: false, error: 'collector down' }, { ok: false, error: 'collector down' }]);
      expect(collector.received()).toBe(1);
      expect(link.down).toBe(true);
    } finally {
      await sender.close();
      link.close();
      await collector.close();
    }
  });
});
