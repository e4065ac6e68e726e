import { DataFileError } from './errors';
import { checkFieldName } from './field-name';
import type { DataRow, DataTable } from './types';

/**
 * JSON lines: one JSON object per line, blank lines skipped. Strings are kept as they are, null
 * becomes "", other values their JSON text (42, true, {"a":1}). A key missing from a row reads as "".
 */
export function parseJsonLines(file: string, text: string): DataTable {
  const fields: string[] = [];
  const known = new Set<string>();
  const rows: Array<Record<string, string>> = [];
  let ragged = false;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let line = 1; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const source = text.slice(start, end);
    start = end + 1;
    if (source.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (err) {
      throw new DataFileError(file, line, `not valid JSON (${jsonReason(err)})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DataFileError(file, line, `expected a JSON object, found ${describe(value)}`);
    }
    // The parsed object becomes the row (values turned to strings in place): one object per row.
    const row = value as Record<string, unknown>;
    let keys = 0;
    for (const key in row) {
      keys += 1;
      const bad = checkFieldName(key);
      if (bad) throw new DataFileError(file, line, bad);
      const v = row[key];
      if (typeof v !== 'string') row[key] = v === null ? '' : JSON.stringify(v);
      if (!known.has(key)) {
        known.add(key);
        fields.push(key);
        if (rows.length > 0) ragged = true;
      }
    }
    if (keys !== fields.length) ragged = true;
    rows.push(row as Record<string, string>);
  }
  if (rows.length === 0) throw new DataFileError(file, undefined, 'the file has no rows (expected one JSON object per line)');
  if (ragged) fillMissing(rows, fields);
  for (const row of rows) Object.freeze(row);
  return Object.freeze({ fields: Object.freeze(fields), rows: Object.freeze(rows as DataRow[]) });
}

/** Every row has every field, so a template reads "" rather than undefined for a key a row lacks. */
function fillMissing(rows: Array<Record<string, string>>, fields: readonly string[]): void {
  for (const row of rows) {
    for (const f of fields) if (!Object.hasOwn(row, f)) row[f] = '';
  }
}

/** V8 echoes the offending text ("Unexpected token 'x', "…" is not valid JSON"): keep the reason, drop the text. */
function jsonReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const reason = message.replace(/(^|, )".*" is not valid JSON$/s, '');
  return reason || 'unexpected text';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}
