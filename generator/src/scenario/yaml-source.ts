import { isMap, isSeq, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { ScenarioError, formatPath, parsePath } from './errors';

/** A parsed YAML scenario that can still say where each field was written. */
export class YamlSource {
  private constructor(readonly file: string, readonly doc: Document, private readonly lines: LineCounter) {}

  static parse(text: string, file: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
      const pos = first.linePos?.[0];
      const reason = first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
      throw new ScenarioError(file, '', `invalid YAML: ${reason}`, pos?.line, pos?.col);
    }
    return new YamlSource(file, doc, lines);
  }

  toJS(): unknown {
    return this.doc.toJS();
  }

  /** An error at `parts` (or the nearest enclosing node that exists); `key` points at a mapping key instead. */
  error(parts: readonly PropertyKey[], reason: string, key?: string): ScenarioError {
    const pos = this.position(parts, key);
    const fieldPath = formatPath(key === undefined ? parts : [...parts, key]);
    return new ScenarioError(this.file, fieldPath, reason, pos?.line, pos?.col);
  }

  /** `--set load.stages[1].rate=400`: the value is read as a YAML scalar, the parent must exist. */
  applyOverride(assignment: string): void {
    const eq = assignment.indexOf('=');
    const pathText = eq > 0 ? assignment.slice(0, eq).trim() : '';
    const parts = pathText ? parsePath(pathText) : undefined;
    if (!parts) throw new ScenarioError('--set', assignment, 'expected key=value, e.g. load.stages[1].rate=400');
    // Every step but the last must exist; the last may add a field to an existing mapping.
    let node: unknown = this.doc.contents;
    for (let i = 0; i < parts.length; i++) {
      const step = parts[i] as string | number;
      const where = formatPath(parts.slice(0, i)) || 'the scenario';
      if (typeof step === 'number') {
        if (!isSeq(node)) throw new ScenarioError('--set', pathText, `${where} is not a list`);
        if (step >= node.items.length) throw new ScenarioError('--set', pathText, `there is no item [${step}] in ${where} (it has ${node.items.length})`);
        node = node.items[step];
      } else {
        if (!isMap(node)) throw new ScenarioError('--set', pathText, `${where} is not a mapping`);
        node = node.get(step, true);
        if (node === undefined && i < parts.length - 1) throw new ScenarioError('--set', pathText, `${formatPath(parts.slice(0, i + 1))} does not exist`);
      }
    }
    const value = parseDocument(assignment.slice(eq + 1)).toJS() as unknown;
    this.doc.setIn(parts, value);
  }

  private position(parts: readonly PropertyKey[], key?: string): { line: number; col: number } | undefined {
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
    return undefined;
  }
}
