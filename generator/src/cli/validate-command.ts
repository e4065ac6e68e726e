import type { Command } from 'commander';
import { describePlan, loadScenario } from '../scenario';
import { collect } from './options';

export function registerValidateCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('check a scenario file and print the plan it describes (exit 2 when invalid)')
    .argument('<scenario>', 'scenario YAML file')
    .option('-t, --target <url>', 'base URL overriding the scenario target')
    .option('--set <key=value>', 'override a scenario field (repeatable)', collect, [])
    .action((file: string, o: { target?: string; set: string[] }) => {
      const scenario = loadScenario(file, { overrides: o.set, target: o.target });
      process.stdout.write(`${file}: valid\n${describePlan(scenario)}\n`);
      setExit(0);
    });
}
