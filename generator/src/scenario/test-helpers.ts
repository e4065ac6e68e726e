import * as path from 'node:path';
import { ScenarioError } from './errors';
import { parseScenario, type LoadOptions } from './load-scenario';
import type { Scenario } from './types';

/** Scenario fixtures shared with the CLI integration tests. */
export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/scenarios');

/** The ScenarioError `fn` throws (fails the test on success or on any other error). */
export function scenarioErrorOf(fn: () => unknown): ScenarioError {
  try { fn(); } catch (err) { if (err instanceof ScenarioError) return err; throw err; }
  throw new Error('expected a ScenarioError, but the scenario was accepted');
}

/** Parse YAML text as if it were /tmp/s.yaml. */
export function parse(yaml: string, opts?: LoadOptions): Scenario {
  return parseScenario(yaml, '/tmp/s.yaml', opts);
}

/** A valid scenario around `load` (line 5 is the `load:` line); `extra` lines follow it. */
export function withLoad(load: string, extra = ''): string {
  return `name: t\ntarget: http://127.0.0.1:8080\nrequests:\n  - { name: a, path: /a }\nload: ${load}\n${extra}`;
}
