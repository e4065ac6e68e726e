import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FAULTS_RBAC, MATRIX_RBAC, ruleYaml } from './control-rbac';

describe('opt-in RBAC for faults and the matrix', () => {
  it('docs/scenario.md lists exactly FAULTS_RBAC', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../../docs/scenario.md'), 'utf8');
    const block = /## Faults[\s\S]*?```text\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    expect(block.trim().split('\n')).toEqual(FAULTS_RBAC.map(ruleYaml));
  });

  it('grant no create, update, watch or wildcard', () => {
    for (const rule of [...FAULTS_RBAC, ...MATRIX_RBAC]) {
      expect(rule.verbs.every((v) => ['get', 'list', 'patch', 'delete'].includes(v))).toBe(true);
      expect(rule.resource).not.toContain('*');
    }
  });
});
