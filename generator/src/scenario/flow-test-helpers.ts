import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseScenario } from './load-scenario';
import { FIXTURES, scenarioErrorOf } from './test-helpers';
import type { Scenario } from './types';

/**
 * A temporary scenario directory with small data files (users.csv: email, password, user-id;
 * prompts.jsonl: id, text) and a CA bundle (ca.pem), for tests of data:, flows: and tls:.
 */
export class ScenarioDir {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-scenario-'));
  /** Where the scenario text is said to come from: errors start with `${file}:LINE:COL`. */
  readonly file = path.join(this.dir, 's.yaml');

  constructor() {
    this.write('users.csv', 'email,password,user-id\r\na@x.io,"p,""1""",u1\r\nb@x.io,p2,u2\r\n');
    this.write('prompts.jsonl', '{"id": 1, "text": "hello"}\n{"id": 2, "text": "bye", "extra": true}\n');
    copyFileSync(path.join(FIXTURES, 'ca.pem'), path.join(this.dir, 'ca.pem'));
  }

  write(name: string, content: string): string {
    const file = path.join(this.dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  parse(yaml: string): Scenario {
    return parseScenario(yaml, this.file);
  }

  /** The one-line error message, with the directory written as `DIR` so expectations stay readable. */
  error(yaml: string): string {
    return scenarioErrorOf(() => this.parse(yaml)).message.split(this.dir).join('DIR');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
