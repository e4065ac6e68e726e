import { Command, CommanderError } from 'commander';
import { ScenarioError } from '../scenario';
import { TelemetryConfigError } from '../telemetry';
import { demoTargetCommand } from '../demo-target';
import { EXIT, UsageError } from './exit-codes';
import { registerRunCommand } from './run-command';
import { registerValidateCommand } from './validate-command';
import { registerReplayCommand } from './replay-command';
import { registerDemoCommand } from './demo-command';
import { registerPlaygroundCommand } from './playground-command';
import { registerWatchCommand } from './watch-command';
import { registerMatrixCommand } from './matrix-command';
import { registerMergeCommand } from './merge-command';
import { registerDatasetCommand } from './dataset-command';
import { KubeConfigError } from '../kube';
import { ShardConfigError } from '../shards';
import { ReportOptionError, ResultsDirError } from '../report';
import { OutDirError } from '../results';
import { DataFileError } from '../test-data';
import { registerReportCommand } from './report-command';
import { registerCompareCommand } from './compare-command';

/** Entry point used by bin/scaletrace.js; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.passed;
  const setExit = (code: number): void => { exitCode = code; };
  const program = new Command('scaletrace')
    .description('Observability-first load testing for autoscaled services')
    .version(readVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerRunCommand(program, setExit);
  registerValidateCommand(program, setExit);
  registerReplayCommand(program, setExit);
  registerDemoCommand(program, setExit);
  registerPlaygroundCommand(program, setExit);
  registerWatchCommand(program, setExit);
  registerMatrixCommand(program, setExit);
  registerMergeCommand(program, setExit);
  registerDatasetCommand(program, setExit);
  registerReportCommand(program);
  registerCompareCommand(program, setExit);
  demoTargetCommand(program);

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version are "errors" to commander but successes to the user.
    if (err.exitCode === 0) return EXIT.passed;
    return EXIT.invalidInput;
  }
  if (err instanceof ScenarioError || err instanceof UsageError || err instanceof TelemetryConfigError || err instanceof KubeConfigError || err instanceof ShardConfigError ||
    err instanceof ReportOptionError || err instanceof ResultsDirError || err instanceof OutDirError || err instanceof DataFileError) {
    process.stderr.write(`scaletrace: ${err.message}\n`);
    return EXIT.invalidInput;
  }
  const detail = err instanceof Error ? (process.env.SCALETRACE_DEBUG ? err.stack : err.message) : String(err);
  process.stderr.write(`scaletrace: ${detail}\n`);
  return EXIT.runtimeFailure;
}

function readVersion(): string {
  // dist/cli/main.js → ../../package.json
  return (require('../../package.json') as { version: string }).version;
}
