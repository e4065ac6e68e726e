import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../generator/src/bench/free-port';
import { runScenario } from '../generator/src/runner';
import { parseScenario } from '../generator/src/scenario';

jest.setTimeout(30_000);

/** report.html's footer names the command that wrote it: a demo's report must not say `scaletrace run`. */
describe('report.html footer', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-footer-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the command given to runScenario (the demo passes `scaletrace demo`), `scaletrace run` by default', async () => {
    // Nothing listens on the port: two requests, refused at once.
    const port = await freePort();
    const scenario = parseScenario(`name: footer\ntarget: http://127.0.0.1:${port}\nrequests: [ { name: r } ]\nload: { model: closed, vus: 1, iterations: 2 }\n`, path.join(dir, 's.yaml'));
    const demo = await runScenario({ scenario, outDir: path.join(dir, 'demo'), quiet: true, env: {}, command: 'scaletrace demo' });
    const plain = await runScenario({ scenario, outDir: path.join(dir, 'run'), quiet: true, env: {} });
    expect(demo.summary.totals.requests).toBe(2);
    expect(readFileSync(demo.report ?? '', 'utf8')).toMatch(/<footer>Generated \S+ by ScaleTrace [\d.]+ \(<code>scaletrace demo<\/code>\) from/);
    expect(readFileSync(plain.report ?? '', 'utf8')).toMatch(/<footer>Generated \S+ by ScaleTrace [\d.]+ \(<code>scaletrace run<\/code>\) from/);
  });
});
