import { parse, CsvError, type InfoRecord } from 'csv-parse/sync';
import { DataFileError } from './errors';
import { checkFieldName } from './field-name';
import type { DataRow, DataTable } from './types';

/**
 * A CSV file with a header row (RFC 4180 through csv-parse): BOM, CRLF or LF, quoted fields with
 * commas, quotes and line breaks. Values are kept exactly as written; blank lines are skipped.
 */
export function parseCsv(file: string, text: string): DataTable {
  let header: string[] | undefined;
  const rows: DataRow[] = [];
  // csv-parse counts a CRLF inside a quoted field as two lines; subtracting them gives true line numbers.
  let extraLines = 0;
  // Where the last record ended, to place an unclosed quote that swallows the rest of the file.
  let lastLine = 0;
  let emptyLinesSoFar = 0;
  try {
    parse(text, {
      bom: true,
      skip_empty_lines: true,
      // Checked below, so the error names the line where a multi-line row starts.
      relax_column_count: true,
      on_record: (fields: string[], info: InfoRecord) => {
        const { breaks, crlf } = lineBreaks(fields);
        extraLines += crlf;
        lastLine = info.lines - extraLines;
        emptyLinesSoFar = info.empty_lines;
        const line = lastLine - breaks;
        if (header === undefined) {
          header = checkHeader(file, fields, line);
        } else if (fields.length !== header.length) {
          throw new DataFileError(file, line, `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${header.length}`);
        } else {
          rows.push(toRow(header, fields));
        }
        // The rows are collected above; csv-parse keeps nothing.
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError) throw csvError(file, err, lastLine, emptyLinesSoFar, extraLines);
    throw err;
  }
  if (header === undefined) throw new DataFileError(file, undefined, 'the file is empty (a CSV data file needs a header row and at least one row)');
  if (rows.length === 0) throw new DataFileError(file, undefined, 'the file has a header but no rows');
  return Object.freeze({ fields: header, rows: Object.freeze(rows) });
}

function checkHeader(file: string, names: string[], line: number): string[] {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const column = i + 1;
    if (name === '') throw new DataFileError(file, line, `column ${column} of the header has no name`);
    const bad = checkFieldName(name);
    if (bad) throw new DataFileError(file, line, `column ${column} of the header: ${bad}`);
    const first = seen.get(name);
    if (first !== undefined) throw new DataFileError(file, line, `duplicate column name "${name}" in the header (columns ${first} and ${column})`);
    seen.set(name, column);
  });
  return Object.freeze(names) as string[];
}

function toRow(header: readonly string[], fields: readonly string[]): DataRow {
  const row: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) row[header[i] as string] = fields[i] as string;
  return Object.freeze(row);
}

/** Line breaks inside the row's values (CRLF, CR or LF count one each), and how many were CRLF. */
function lineBreaks(fields: readonly string[]): { breaks: number; crlf: number } {
  let breaks = 0;
  let crlf = 0;
  for (const f of fields) {
    if (!/[\r\n]/.test(f)) continue;
    for (let i = 0; i < f.length; i++) {
      const c = f.charCodeAt(i);
      if (c === 0x0a) breaks += 1;
      else if (c === 0x0d) {
        breaks += 1;
        if (f.charCodeAt(i + 1) === 0x0a) { crlf += 1; i += 1; }
      }
    }
  }
  return { breaks, crlf };
}

/** csv-parse's own messages quote field values (maybe passwords): say what is wrong, not what was there. */
function csvError(file: string, err: CsvError, lastLine: number, emptyLinesBefore: number, extraLines: number): DataFileError {
  const at = typeof err.lines === 'number' ? err.lines - extraLines : undefined;
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      const skipped = typeof err.empty_lines === 'number' ? err.empty_lines - emptyLinesBefore : 0;
      return new DataFileError(file, lastLine + 1 + skipped, 'a quoted field opens here and is never closed');
    }
    case 'INVALID_OPENING_QUOTE':
      return new DataFileError(file, at, 'a quote inside an unquoted field (quote the whole field and double the quotes in it: "say ""hi""")');
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new DataFileError(file, at, 'characters after a closing quote (double the quotes inside a quoted field: "say ""hi""")');
    default:
      return new DataFileError(file, at, `not valid CSV (${err.code})`);
  }
}
