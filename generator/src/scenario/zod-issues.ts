import type { z } from 'zod';
import { closestMatch } from './errors';
import { knownKeys } from './schema';
import type { YamlSource } from './yaml-source';

type Issue = z.core.$ZodIssue;

/** An unknown field first (a typo explains the "missing" field it was meant to be), else the first issue. */
export function pickIssue(issues: readonly Issue[]): Issue {
  return issues.find((i) => i.code === 'unrecognized_keys') ?? (issues[0] as Issue);
}

/**
 * One zod issue → a ScenarioError at the YAML node it concerns, worded for people who write YAML.
 * `keysAt` lists the fields known at a path, for "did you mean" hints (other YAML files pass theirs).
 */
export function issueToError(source: YamlSource, issue: Issue, model: unknown, keysAt: (path: readonly PropertyKey[]) => string[] = knownKeys) {
  const at = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] as string;
    const where = wrongModelHint(at, key, model);
    const hint = where ? undefined : closestMatch(key, keysAt(at).filter((k) => k !== key));
    return source.error(at, `unknown field${where ? ` (${where})` : hint ? ` (did you mean "${hint}"?)` : ''}`, key);
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return source.error(at, 'is required');
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return source.error(at, `expected ${NOUNS[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`);
  }
  const got = (issue.code === 'too_small' || issue.code === 'too_big') && typeof issue.input === 'number' ? ` (got ${issue.input})` : '';
  return source.error(at, issue.message + got);
}

const NOUNS: Record<string, string> = {
  object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false',
};

function describeValue(v: unknown): string {
  if (v === null) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}

/** `vus` under an open model (or `rate` under a closed one) is a model mix-up, not a typo. */
function wrongModelHint(at: readonly PropertyKey[], key: string, model: unknown): string | undefined {
  const inLoad = at.length === 1 && at[0] === 'load';
  const inStage = at.length === 3 && at[0] === 'load' && at[1] === 'stages';
  if (!inLoad && !inStage) return undefined;
  if (model === 'open' && ['vus', 'startVus', 'iterations'].includes(key)) return `${key} belongs to model: closed`;
  if (model === 'closed' && ['rate', 'startRate', 'maxInFlight'].includes(key)) return `${key} belongs to model: open`;
  return undefined;
}
