import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { ScenarioError, formatPath } from './errors';

/** Where a value came from when it was not written in the file: `--set …` or `--target …`. */
export interface OverrideOrigin {
  flag: '--set' | '--target' | '--preset';
  parts: ReadonlyArray<string | number>;
}

/** A parsed YAML scenario that can still say where each field was written. */
export class YamlSource {
  private readonly origins: OverrideOrigin[] = [];

  private constructor(readonly file: string, readonly doc: Document, private readonly lines: LineCounter) {}

  static parse(text: string, file: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
      const pos = first.linePos?.[0];
      const reason = first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
      throw new ScenarioError(file, '', `invalid YAML: ${reason}`, pos?.line ?? 1, pos?.col ?? 1);
    }
    return new YamlSource(file, doc, lines);
  }

  toJS(): unknown {
    return this.doc.toJS();
  }

  /** Remove the value at `parts` (for a flag that replaces what the file wrote there). */
  remove(parts: ReadonlyArray<string | number>): void {
    this.doc.deleteIn(parts);
  }

  /** Replace the value at `parts` (missing mappings are created) and remember who did it. */
  override(origin: OverrideOrigin, value: unknown): void {
    // Blame the flag from the first node it created: `--set htp.x=1` is the origin of `htp` too.
    let depth = 1;
    while (depth < origin.parts.length && this.doc.hasIn(origin.parts.slice(0, depth))) depth++;
    this.doc.setIn(origin.parts, value);
    this.origins.push({ flag: origin.flag, parts: origin.parts.slice(0, depth) });
  }

  /**
   * An error at `parts` (`key` points at a mapping key instead). Values set by `--set`/`--target`
   * are blamed on the flag, not on a line they never came from.
   */
  error(parts: readonly PropertyKey[], reason: string, key?: string): ScenarioError {
    const full = key === undefined ? parts : [...parts, key];
    const fieldPath = formatPath(full);
    const origin = this.originOf(full);
    if (origin) return new ScenarioError(origin.flag, fieldPath, reason);
    const pos = this.position(parts, key);
    return new ScenarioError(this.file, fieldPath, reason, pos.line, pos.col);
  }

  /** The latest override whose path is a prefix of `full`. */
  private originOf(full: readonly PropertyKey[]): OverrideOrigin | undefined {
    for (let i = this.origins.length - 1; i >= 0; i--) {
      const o = this.origins[i] as OverrideOrigin;
      if (o.parts.length <= full.length && o.parts.every((p, j) => p === full[j])) return o;
    }
    return undefined;
  }

  /** Start of the node at `parts`, or of the nearest enclosing node that exists (1:1 for an empty file). */
  private position(parts: readonly PropertyKey[], key?: string): { line: number; col: number } {
    const pathParts = parts.map((p) => (typeof p === 'symbol' ? String(p) : p));
    for (let n = pathParts.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(pathParts.slice(0, n), true);
      if (!node || typeof node !== 'object') continue;
      if (key !== undefined && n === pathParts.length && isMap(node)) {
        const pair = node.items.find((it) => isScalar(it.key) && it.key.value === key);
        const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
        if (range) return this.lines.linePos(range[0]);
      }
      const range = (node as { range?: [number, number, number] }).range;
      if (range) return this.lines.linePos(range[0]);
    }
    return { line: 1, col: 1 };
  }
}
