import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { TlsSpec, TransportSpec } from './types';
import type { YamlSource } from './yaml-source';

/**
 * `tls:` and `http2:` at the top level (for requests to the scenario's `target`), on a request, or
 * on a flow (for its steps). The nearest setting wins, field by field; the CA file is read and
 * checked at load time so a wrong path fails before any load, not at the first connection.
 */
export const tlsSchema = z.strictObject({
  ca: z.string({ error: 'expected a PEM file such as ca.pem' }).min(1, { error: 'must not be empty' }).optional(),
  insecure: z.boolean({ error: 'must be true or false' }).optional(),
});

export type RawTls = z.infer<typeof tlsSchema>;

/** Where transport fields are written: the object holding `tls`/`http2` and its path. */
export interface TransportSource {
  tls?: RawTls;
  http2?: boolean;
  at: ReadonlyArray<string | number>;
}

/** Reads each `tls:` once, so requests sharing it share one TlsSpec (and one connection pool). */
export class TransportResolver {
  private readonly tlsCache = new Map<RawTls, TlsSpec>();

  constructor(private readonly source: YamlSource) {}

  /** `own` (the request's or flow's) over `scenario` (the top level; only for requests to the scenario target). */
  resolve(own: TransportSource, scenario: TransportSource | undefined): TransportSpec {
    const http2 = own.http2 ?? scenario?.http2 ?? false;
    const from = own.tls !== undefined ? own : scenario?.tls !== undefined ? scenario : undefined;
    if (from?.tls === undefined) return { http2 };
    return { http2, tls: this.tls(from.tls, from.at) };
  }

  private tls(raw: RawTls, at: ReadonlyArray<string | number>): TlsSpec {
    let spec = this.tlsCache.get(raw);
    if (spec === undefined) {
      spec = { insecure: raw.insecure ?? false };
      if (raw.ca !== undefined) {
        const caFile = path.resolve(path.dirname(this.source.file), raw.ca);
        spec.ca = readCa(caFile, raw.ca, [...at, 'tls', 'ca'], this.source);
        spec.caFile = caFile;
      }
      this.tlsCache.set(raw, spec);
    }
    return spec;
  }
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function readCa(file: string, written: string, at: ReadonlyArray<string | number>, source: YamlSource): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw source.error(at, `cannot read ${JSON.stringify(written)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; paths are relative to the scenario file)`);
  }
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw source.error(at, `${JSON.stringify(written)} is not a PEM certificate bundle (expected -----BEGIN CERTIFICATE----- blocks)`);
  blocks.forEach((block, i) => {
    try {
      new X509Certificate(block);
    } catch (err) {
      throw source.error(at, `certificate ${i + 1} in ${JSON.stringify(written)} cannot be read (${(err as Error).message})`);
    }
  });
  return pem;
}
