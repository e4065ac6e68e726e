import * as fs from 'node:fs';
import * as path from 'node:path';
import { everyRequest, parseScenario } from './index';
import { FIXTURES } from './test-helpers';

/** docs/scenario.md promises that every `yaml` block on it is a complete, valid scenario. */
const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/scenario.md'), 'utf8');
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
/** The shipped examples: the docs' `data:` examples read the sample files in its data/ folder. */
const SHIPPED = path.resolve(__dirname, '../../scenarios');

describe('docs/scenario.md examples', () => {
  it('has an example for every form', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(16);
  });

  it.each(blocks.map((b) => [/^name: (\S+)/m.exec(b)?.[1] ?? '?', b]))('%s validates', (_name, yaml) => {
    // Resolved as if it sat beside the fixtures, so `bodyFile: predict-body.json` and `tls.ca: ca.pem`
    // are found; examples with test data sit beside generator/scenarios/data/.
    const dir = /^data:/m.test(yaml) ? SHIPPED : FIXTURES;
    const s = parseScenario(yaml, path.join(dir, 'doc-example.yaml'));
    expect(everyRequest(s).length).toBeGreaterThan(0);
  });

  it('the complete example is the contract fixture, verbatim', () => {
    expect(blocks[0]).toBe(fs.readFileSync(path.join(FIXTURES, 'smoke.yaml'), 'utf8'));
  });

  it('the runnable journey is generator/scenarios/journey.yaml, verbatim', () => {
    expect(blocks).toContain(fs.readFileSync(path.join(SHIPPED, 'journey.yaml'), 'utf8'));
  });
});
