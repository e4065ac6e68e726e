import type { Command } from 'commander';
import { PRESET_NAMES, loadScenario } from '../scenario';
import { runScenario } from '../runner';
import { collect } from './options';

export function registerRunCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('run')
    .description('run a scenario; results go to --out (default scaletrace-results/<run-id>/)')
    .argument('<scenario>', 'scenario YAML file')
    .option('-o, --out <dir>', 'results directory')
    .option('--run-id <id>', 'run id shared by all telemetry (default: generated)')
    .option('-t, --target <url>', 'base URL overriding the scenario target')
    .option('--set <key=value>', 'override a scenario field, e.g. load.stages[1].rate=400 (repeatable)', collect, [])
    .option('--preset <name>', `run this preset with its load.<name> parameters or defaults (${PRESET_NAMES.join(', ')})`)
    .option('--worker-index <n>', 'shard index in a distributed run', (v) => Number.parseInt(v, 10), 0)
    .option('-q, --quiet', 'no progress line or end summary')
    .action(async (file: string, o: { out?: string; runId?: string; target?: string; set: string[]; workerIndex: number; quiet?: boolean; preset?: string }) => {
      const scenario = loadScenario(file, { overrides: o.set, target: o.target, preset: o.preset });
      const outcome = await runScenario({
        scenario, outDir: o.out, runId: o.runId, workerIndex: o.workerIndex, quiet: o.quiet,
      });
      setExit(outcome.exitCode);
    });
}
