import { closeSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { IDENTIFIER } from './capture';
import type { DataSourceSpec } from './types';
import type { YamlSource } from './yaml-source';

/**
 * `data:` — name → { file, pick }: rows that templates read as `${data.NAME.FIELD}`. Here only the
 * first record is read (the CSV header, the first JSON line) to check references at load time;
 * the rows themselves are read by the test-data reader.
 */
export const dataSourceSchema = z.strictObject({
  file: z.string({ error: 'expected a file name such as users.csv' }).min(1, { error: 'must not be empty' }),
  pick: z.enum(['sequential', 'random', 'unique'], { error: 'must be sequential (the default, wraps around), random or unique (each row once)' }).optional(),
});

export const dataSchema = z.record(z.string(), dataSourceSchema, { error: 'expected a mapping of source name → { file, pick }, e.g. users: { file: users.csv }' });

/** A source and the fields its rows have, for checking `${data.NAME.FIELD}`. */
export interface DataSourceFields {
  spec: DataSourceSpec;
  /** The file as written, for messages. */
  written: string;
  fields: string[];
}

export function normalizeData(raw: z.infer<typeof dataSchema> | undefined, source: YamlSource): Map<string, DataSourceFields> {
  const sources = new Map<string, DataSourceFields>();
  for (const [name, entry] of Object.entries(raw ?? {})) {
    if (!IDENTIFIER.test(name)) {
      throw source.error(['data'], `${JSON.stringify(name)}: a data source name is a letter or _, then letters, digits or _ (it is read as \${data.${name}.FIELD})`, name);
    }
    const at = ['data', name, 'file'];
    const format = formatOf(entry.file);
    if (format === undefined) {
      throw source.error(at, `${JSON.stringify(entry.file)}: unknown format (use .csv with a header row, or .jsonl/.ndjson with one JSON object per line)`);
    }
    const file = path.resolve(path.dirname(source.file), entry.file);
    let fields: string[];
    try {
      fields = format === 'csv' ? csvColumns(file, entry.file) : jsonlFields(file, entry.file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (err instanceof DataFileError) throw source.error(at, err.message);
      if (code !== undefined) throw source.error(at, `cannot read ${JSON.stringify(entry.file)} (${code}; paths are relative to the scenario file)`);
      throw err;
    }
    sources.set(name, { spec: { name, file, format, pick: entry.pick ?? 'sequential' }, written: entry.file, fields });
  }
  return sources;
}

function formatOf(file: string): DataSourceSpec['format'] | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return undefined;
}

class DataFileError extends Error {}

/** A first record longer than this is not a header (an unclosed quote?): stop rather than read a huge file. */
const MAX_HEAD_BYTES = 64 << 20;

/**
 * The start of the file up to the end of its first record (`recordEnd` finds it in the text so far,
 * or returns -1), and whether anything but blank space follows that record.
 */
function readHead(file: string, written: string, recordEnd: (text: string) => number): { first: string; more: boolean } {
  const fd = openSync(file, 'r');
  try {
    let bytes = Buffer.alloc(0);
    let eof = false;
    // Doubling reads: a long first record costs a few reads, not one per 64 KiB.
    for (let size = 64 * 1024; ; size *= 2) {
      // Decoded from the bytes each time: a UTF-8 character split across reads is whole once both parts are in.
      const text = bytes.toString('utf8');
      const end = recordEnd(text);
      const full = eof || bytes.length >= MAX_HEAD_BYTES;
      if (end >= 0) {
        const more = /\S/.test(text.slice(end));
        if (more || full) return { first: text.slice(0, end), more };
      } else if (eof) {
        return { first: text, more: false };
      } else if (full) {
        throw new DataFileError(`${JSON.stringify(written)}: its first record is longer than ${MAX_HEAD_BYTES >> 20} MiB`);
      }
      const chunk = Buffer.alloc(Math.min(size, MAX_HEAD_BYTES - bytes.length));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      eof = n === 0;
      bytes = Buffer.concat([bytes, chunk.subarray(0, n)]);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * End of the first CSV record after any blank lines (skipped, as the reader does): the first line
 * break outside double quotes (RFC 4180's `""` keeps the parity).
 */
function csvRecordEnd(text: string): number {
  const start = text.search(/[^\r\n\uFEFF]/);
  if (start < 0) return -1;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return i;
  }
  return -1;
}

function csvColumns(file: string, written: string): string[] {
  const name = JSON.stringify(written);
  const { first, more } = readHead(file, written, csvRecordEnd);
  const header = first.replace(/^\uFEFF?[\r\n]*/, '');
  if (header === '') throw new DataFileError(`${name} is empty: a .csv data file starts with a header row naming its columns`);
  let records: string[][];
  try {
    records = parseCsv(header, { bom: true }) as string[][];
  } catch (err) {
    // csv-parse's messages may quote the text; say what, not what was there.
    throw new DataFileError(`${name}: its header row is not valid CSV (${(err as { code?: string }).code ?? 'unreadable'})`);
  }
  const columns = records[0] ?? [];
  if (!more) throw new DataFileError(`${name} has a header row (${columns.join(', ')}) but no data rows`);
  return columns;
}

/** End of the first non-blank line. */
function jsonlRecordEnd(text: string): number {
  const start = text.search(/\S/);
  if (start < 0) return -1;
  return text.indexOf('\n', start);
}

function jsonlFields(file: string, written: string): string[] {
  const name = JSON.stringify(written);
  const { first } = readHead(file, written, jsonlRecordEnd);
  const line = first.replace(/^\uFEFF/, '').trim();
  if (line === '') throw new DataFileError(`${name} is empty: a .jsonl data file has one JSON object per line`);
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (err) {
    // V8's message quotes the line (which may hold a secret): keep only where it went wrong.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new DataFileError(`${name}: its first row is not valid JSON${at === undefined ? '' : ` (at character ${Number(at) + 1})`}`);
  }
  if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new DataFileError(`${name}: its first row is not a JSON object (each line is one row, e.g. {"id": 1, "text": "…"})`);
  return Object.keys(row);
}
