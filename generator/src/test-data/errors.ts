import * as path from 'node:path';

/**
 * A data file the user can fix, in one readable line (the CLI prints it as-is and exits 2):
 *   data/users.csv:7: the row has 3 fields, the header has 2
 * The message never quotes row contents: data files often hold passwords and tokens.
 */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';

  constructor(
    readonly file: string,
    /** 1-based; undefined when the problem is the whole file (empty, unreadable). */
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(line === undefined ? `${displayName(file)}: ${reason}` : `${displayName(file)}:${line}: ${reason}`);
  }
}

/** Relative to the working directory when that is shorter, as ScenarioError and compilers print paths. */
function displayName(file: string): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}
