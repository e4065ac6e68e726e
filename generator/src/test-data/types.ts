/** One row of a data file: column (CSV) or key (JSON lines) → value, always a string. */
export type DataRow = Readonly<Record<string, string>>;

/** What one iteration reads as `${data.NAME.FIELD}`: source name → the row drawn for it. */
export type IterationData = Readonly<Record<string, DataRow>>;

/** A data file read into memory: one frozen object per row, shared by every draw. */
export interface DataTable {
  /** CSV: the header, in order. JSON lines: every key seen, in order of first appearance. */
  readonly fields: readonly string[];
  /** At least one row (an empty file is a `DataFileError`). */
  readonly rows: readonly DataRow[];
}
