import * as path from 'node:path';
import type { Command } from 'commander';
import { loadScenario } from '../scenario';
import { spawnDemoTarget } from '../demo-target';
import { runScenario } from '../runner';
import { EXIT } from './exit-codes';

/** The shipped demo scenario (generator/scenarios/, next to dist/). */
export const DEMO_SCENARIO = path.join(__dirname, '..', '..', 'scenarios', 'demo-spike.yaml');

export function registerDemoCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('start the embedded demo target and run a 20 s spike against it (no cluster, no collector needed)')
    .option('-o, --out <dir>', 'results directory')
    .action(async (o: { out?: string }) => {
      // One instance able to serve ~500 /predict per second (2 ms of CPU each), 20 waiting at most:
      // the 600/s spike overloads it, so the summary shows latency and 503s reacting to load.
      const target = await spawnDemoTarget(['--cpu-cost', '2ms', '--concurrency', '4', '--queue', '16', '--instance', 'demo-target-0']);
      process.stdout.write(`demo target (embedded, not a cluster) listening on ${target.url}\n`);
      try {
        const scenario = loadScenario(DEMO_SCENARIO, { target: target.url });
        const outcome = await runScenario({ scenario, outDir: o.out });
        // The demo shows thresholds but only fails on interruption or a runtime error.
        setExit(outcome.summary.run.interrupted ? EXIT.interrupted : EXIT.passed);
      } finally {
        await target.close();
      }
    });
}
