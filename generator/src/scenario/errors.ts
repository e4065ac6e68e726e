import * as path from 'node:path';

/**
 * A scenario problem the user can fix, in one readable line:
 *   scenario.yaml:12:7: load.stages[1].duration: invalid duration "10 parsecs" (use e.g. 500ms, 10s)
 * The CLI prints the message as-is and exits 2.
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(formatMessage(file, path, reason, line, column));
  }
}

function formatMessage(file: string, fieldPath: string, reason: string, line?: number, column?: number): string {
  const where = line === undefined ? displayName(file) : `${displayName(file)}:${line}:${column ?? 1}`;
  return fieldPath ? `${where}: ${fieldPath}: ${reason}` : `${where}: ${reason}`;
}

/** Relative to the working directory when that is shorter, as compilers print paths. */
function displayName(file: string): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}

/** `['load', 'stages', 1, 'rate']` → `load.stages[1].rate`. */
export function formatPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** `load.stages[1].rate` → `['load', 'stages', 1, 'rate']`. */
export function parsePath(text: string): Array<string | number> | undefined {
  const parts: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]/gy;
  let expectDot = false;
  let i = 0;
  while (i < text.length) {
    if (expectDot && text[i] === '.') { i += 1; expectDot = false; continue; }
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return undefined;
    parts.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
    i = re.lastIndex;
    expectDot = true;
  }
  return parts.length ? parts : undefined;
}

export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  // A typo is a few edits away; short words need a close match or every hint would be noise.
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}
