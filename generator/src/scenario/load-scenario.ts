import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ScenarioError } from './errors';
import { YamlSource } from './yaml-source';
import { applyPresetOverride, applySetOverride, applyTargetOverride } from './overrides';
import { scenarioSchema, type RawScenario } from './schema';
import { issueToError, pickIssue } from './zod-issues';
import { normalizeScenario } from './normalize';
import type { Scenario } from './types';

export interface LoadOptions {
  /** `--set key=value` items, applied to the parsed document before validation. */
  overrides?: string[];
  /** `--target URL`: replaces the scenario-level target (a request's own `target` still wins). */
  target?: string;
  /** `--preset NAME`: run this preset (its block in `load:` or its defaults) instead of the file's stages. */
  preset?: string;
}

/** Read, validate and normalise a scenario file; `bodyFile`s are resolved relative to it. */
export function loadScenario(file: string, opts: LoadOptions = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, '', `cannot read the scenario file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseScenario(text, path.resolve(file), opts);
}

/** Validate scenario text; `file` names it in errors and anchors relative `bodyFile`s. */
export function parseScenario(text: string, file: string, opts: LoadOptions = {}): Scenario {
  const source = YamlSource.parse(text, file);
  for (const assignment of opts.overrides ?? []) applySetOverride(source, assignment);
  if (opts.target !== undefined) applyTargetOverride(source, opts.target);
  if (opts.preset !== undefined) applyPresetOverride(source, opts.preset);
  const raw = source.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw source.error([], 'a scenario is a YAML mapping with name, requests and load');
  }
  const model = checkModel(raw as { load?: unknown }, source);
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw issueToError(source, pickIssue(parsed.error.issues), model);
  return normalizeScenario(parsed.data as RawScenario, source);
}

/** The model picks the schema, so it is checked first with a message that lists the choices. */
function checkModel(raw: { load?: unknown }, source: YamlSource): unknown {
  const load = raw.load;
  if (!load || typeof load !== 'object' || Array.isArray(load)) return undefined;
  const model = (load as { model?: unknown }).model;
  if (model === undefined) throw source.error(['load', 'model'], 'is required: "open" (arrival rate) or "closed" (virtual users)');
  if (model !== 'open' && model !== 'closed') {
    throw source.error(['load', 'model'], `must be "open" (arrival rate) or "closed" (virtual users), got ${JSON.stringify(model)}`);
  }
  return model;
}
