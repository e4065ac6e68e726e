import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseScenario } from './index';
import { FIXTURES } from './test-helpers';

/** docs/scenario.md promises that every `yaml` block on it is a complete, valid scenario. */
const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/scenario.md'), 'utf8');
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);

describe('docs/scenario.md examples', () => {
  it('has an example for every form', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10);
  });

  it.each(blocks.map((b) => [/^name: (\S+)/m.exec(b)?.[1] ?? '?', b]))('%s validates', (_name, yaml) => {
    // Resolved as if it sat beside the fixtures, so `bodyFile: predict-body.json` is found.
    const s = parseScenario(yaml, path.join(FIXTURES, 'doc-example.yaml'));
    expect(s.requests.length).toBeGreaterThan(0);
  });

  it('the complete example is the contract fixture, verbatim', () => {
    expect(blocks[0]).toBe(fs.readFileSync(path.join(FIXTURES, 'smoke.yaml'), 'utf8'));
  });
});
