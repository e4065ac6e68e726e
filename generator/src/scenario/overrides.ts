import { isMap, isSeq, parseDocument } from 'yaml';
import { ScenarioError, formatPath, parsePath } from './errors';
import type { YamlSource } from './yaml-source';
import { PRESET_NAMES } from './presets/preset-schema';

/**
 * `--set load.stages[1].rate=400`: the value is read as YAML (`400` a number, `10s` a string,
 * `[200, 201]` a list). List items must exist; missing mappings are created, so
 * `--set http.connections=100` works without an `http:` block (the schema still rejects typos).
 */
export function applySetOverride(source: YamlSource, assignment: string): void {
  const eq = assignment.indexOf('=');
  const pathText = eq > 0 ? assignment.slice(0, eq).trim() : '';
  const parts = pathText ? parsePath(pathText) : undefined;
  if (!parts) throw new ScenarioError('--set', assignment, 'expected key=value, e.g. load.stages[1].rate=400');
  checkPathExists(pathText, parts, source.doc.contents);
  const valueDoc = parseDocument(assignment.slice(eq + 1));
  const bad = valueDoc.errors[0];
  if (bad) throw new ScenarioError('--set', pathText, `the value is not valid YAML: ${bad.message.split('\n')[0] ?? ''}`);
  source.override({ flag: '--set', parts }, valueDoc.toJS() as unknown);
}

/** `--target URL` replaces the scenario-level target (a request's own `target` still wins). */
export function applyTargetOverride(source: YamlSource, target: string): void {
  source.override({ flag: '--target', parts: ['target'] }, target);
}

/**
 * `--preset NAME` runs that preset instead of what the file says: its stage fields are dropped
 * (the preset writes the stages) and its parameters come from `load.NAME`, else the defaults.
 */
export function applyPresetOverride(source: YamlSource, name: string): void {
  if (!(PRESET_NAMES as readonly string[]).includes(name)) {
    throw new ScenarioError('--preset', name, `unknown preset (choose one of ${PRESET_NAMES.join(', ')})`);
  }
  for (const field of ['stages', 'rate', 'duration', 'startRate', 'vus', 'startVus', 'iterations']) source.remove(['load', field]);
  source.override({ flag: '--preset', parts: ['load', 'preset'] }, name);
}

function checkPathExists(pathText: string, parts: ReadonlyArray<string | number>, root: unknown): void {
  let node: unknown = root;
  for (let i = 0; i < parts.length; i++) {
    const step = parts[i] as string | number;
    const where = formatPath(parts.slice(0, i)) || 'the scenario';
    if (node === undefined) {
      // Below a mapping we are about to create: only more mappings can be created.
      if (typeof step === 'number') throw new ScenarioError('--set', pathText, `${where} does not exist, so it has no item [${step}]`);
      continue;
    }
    if (typeof step === 'number') {
      if (!isSeq(node)) throw new ScenarioError('--set', pathText, `${where} is not a list`);
      if (step >= node.items.length) throw new ScenarioError('--set', pathText, `there is no item [${step}] in ${where} (it has ${node.items.length})`);
      node = node.items[step];
    } else {
      if (!isMap(node)) throw new ScenarioError('--set', pathText, `${where} is not a mapping`);
      node = node.get(step, true);
    }
  }
}
