import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { OtlpProtocol } from './otlp-config';

export type SpillSignal = 'traces' | 'metrics' | 'logs';

/** `traces-000001.pb`, `metrics-000002.json`, `logs-000003.pb`: a standard OTLP/HTTP request body per file. */
export const SPILL_FILE = /^(traces|metrics|logs)-\d+\.(pb|json)$/;

export const spillExtension = (protocol: OtlpProtocol): string => (protocol === 'http/json' ? 'json' : 'pb');

/**
 * Writes OTLP request bodies the collector could not take to `<dir>/<signal>-<seq>.<ext>`, plus a
 * `<file>.count` sidecar with the number of spans (so replay can report them without decoding).
 * The directory is created on the first spill only.
 */
export class SpillWriter {
  private seq = 0;
  private ready?: Promise<string | undefined>;

  constructor(private readonly dir: string) {}

  /** Resolves to the file written; rejects when the write failed (the caller counts a drop). */
  async write(signal: SpillSignal, ext: string, body: Uint8Array, items: number): Promise<string> {
    this.ready ??= mkdir(this.dir, { recursive: true });
    await this.ready;
    const file = path.join(this.dir, `${signal}-${String(++this.seq).padStart(6, '0')}.${ext}`);
    // Sidecar first: a data file without its count is still replayable; the reverse is not.
    await writeFile(`${file}.count`, JSON.stringify({ signal, items }));
    await writeFile(file, body);
    return file;
  }
}
