import { readdir, readFile, rename } from 'node:fs/promises';
import * as path from 'node:path';
import { request } from 'undici';
import { readSignalConfig, type OtlpSignalConfig } from './otlp-config';
import { SPILL_FILE } from './spill-writer';

export interface ReplayResult {
  /** Spill files found (not yet sent). */
  files: number;
  sent: number;
  failed: number;
  /** Spans in the trace files that were sent. */
  spans: number;
}

export interface ReplayOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/**
 * Resends spilled OTLP request bodies, oldest first, to the endpoint in the OTEL_* environment
 * (signal-specific endpoints and OTEL_EXPORTER_OTLP_HEADERS honoured). A file that was accepted
 * (2xx) is renamed to `<file>.sent`, so running replay again only sends what is left.
 */
export async function replaySpill(dir: string, opts: ReplayOptions = {}): Promise<ReplayResult> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => undefined);
  const configs = { traces: readSignalConfig(env, 'traces'), metrics: readSignalConfig(env, 'metrics'), logs: readSignalConfig(env, 'logs') };
  const names = (await readdir(dir)).filter((n) => SPILL_FILE.test(n)).sort(bySequence);
  const result: ReplayResult = { files: names.length, sent: 0, failed: 0, spans: 0 };
  for (const name of names) {
    const file = path.join(dir, name);
    const signal = (SPILL_FILE.exec(name)?.[1] ?? 'metrics') as keyof typeof configs;
    const config = configs[signal];
    try {
      const body = await readFile(file);
      const status = await post(config, body, name.endsWith('.json'));
      if (status < 200 || status >= 300) throw new Error(`HTTP ${status}`);
      await rename(file, `${file}.sent`);
      result.sent++;
      if (signal === 'traces') result.spans += await sidecarCount(file);
      log(`sent ${name} → ${config.url}`);
    } catch (error) {
      result.failed++;
      log(`failed ${name} → ${config.url}: ${(error as Error).message}`);
    }
  }
  return result;
}

async function post(config: OtlpSignalConfig, body: Buffer, json: boolean): Promise<number> {
  const res = await request(config.url, {
    method: 'POST',
    headers: { ...config.headers, 'content-type': json ? 'application/json' : 'application/x-protobuf' },
    body,
    headersTimeout: config.timeoutMs,
    bodyTimeout: config.timeoutMs,
  });
  await res.body.dump();
  return res.statusCode;
}

/** Items in the batch, from the `<file>.count` sidecar the spill writer left (0 if it is missing). */
async function sidecarCount(file: string): Promise<number> {
  try {
    const parsed = JSON.parse(await readFile(`${file}.count`, 'utf8')) as { items?: unknown };
    return typeof parsed.items === 'number' ? parsed.items : 0;
  } catch {
    return 0;
  }
}

/** traces-000002 before metrics-000003: the sequence is shared, so sort by it. */
function bySequence(a: string, b: string): number {
  return seq(a) - seq(b);
}

function seq(name: string): number {
  return Number(/-(\d+)\./.exec(name)?.[1] ?? 0);
}
