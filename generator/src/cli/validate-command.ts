import type { Command } from 'commander';
import { checkDataFiles } from '../test-data';
import { PRESET_NAMES, describePlan, loadScenario } from '../scenario';
import { collect } from './options';

export function registerValidateCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('check a scenario file and print the plan it describes (exit 2 when invalid)')
    .argument('<scenario>', 'scenario YAML file')
    .option('-t, --target <url>', 'base URL overriding the scenario target')
    .option('--set <key=value>', 'override a scenario field (repeatable)', collect, [])
    .option('--preset <name>', `expand this preset instead of the file's stages (${PRESET_NAMES.join(', ')})`)
    .option('--expand', 'list every stage a preset expands into')
    .action((file: string, o: { target?: string; set: string[]; preset?: string; expand?: boolean }) => {
      const scenario = loadScenario(file, { overrides: o.set, target: o.target, preset: o.preset });
      checkDataFiles(scenario.data);
      process.stdout.write(`${file}: valid\n${describePlan(scenario, { expand: o.expand })}\n`);
      setExit(0);
    });
}
