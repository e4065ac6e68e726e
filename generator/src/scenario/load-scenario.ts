import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { ScenarioError, closestMatch } from './errors';
import { YamlSource } from './yaml-source';
import { knownKeys, scenarioSchema, type RawScenario } from './schema';
import { normalizeScenario } from './normalize';
import type { Scenario } from './types';

export interface LoadOptions {
  /** `--set key=value` items, applied before validation. */
  overrides?: string[];
  /** `--target URL`: replaces the scenario-level target. */
  target?: string;
}

export function loadScenario(file: string, opts: LoadOptions = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, '', `cannot read the scenario file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseScenario(text, path.resolve(file), opts);
}

export function parseScenario(text: string, file: string, opts: LoadOptions = {}): Scenario {
  const source = YamlSource.parse(text, file);
  for (const assignment of opts.overrides ?? []) source.applyOverride(assignment);
  if (opts.target !== undefined) source.doc.set('target', opts.target);
  const raw = source.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw source.error([], 'a scenario is a YAML mapping with name, requests and load');
  }
  const load = (raw as { load?: unknown }).load;
  const model = load && typeof load === 'object' ? (load as { model?: unknown }).model : undefined;
  if (load && typeof load === 'object' && model !== 'open' && model !== 'closed') {
    throw source.error(['load', 'model'], `must be "open" (arrival rate) or "closed" (virtual users), got ${JSON.stringify(model)}`);
  }
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw issueToError(source, parsed.error.issues[0] as z.core.$ZodIssue);
  return normalizeScenario(parsed.data as RawScenario, source);
}

function issueToError(source: YamlSource, issue: z.core.$ZodIssue): ScenarioError {
  const at = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] as string;
    const where = wrongModelHint(at, key);
    const hint = where ? undefined : closestMatch(key, knownKeys(at).filter((k) => k !== key));
    return source.error(at, `unknown field${where ? ` (${where})` : hint ? ` (did you mean "${hint}"?)` : ''}`, key);
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return source.error(at, 'is required');
  return source.error(at, issue.message);
}

function wrongModelHint(at: readonly PropertyKey[], key: string): string | undefined {
  if (at.length !== 1 || at[0] !== 'load') return undefined;
  if (['vus', 'startVus', 'iterations'].includes(key)) return `${key} belongs to model: closed`;
  if (['rate', 'startRate'].includes(key)) return `${key} belongs to model: open`;
  return undefined;
}
