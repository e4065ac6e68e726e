import type { Command } from 'commander';
import { replaySpill } from '../telemetry';
import { EXIT } from './exit-codes';

export function registerReplayCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('replay')
    .description('resend spilled OTLP batches (<results>/spill) to the endpoint in OTEL_EXPORTER_OTLP_*')
    .argument('<spillDir>', 'spill directory of a run')
    .action(async (dir: string) => {
      const result = await replaySpill(dir, { log: (line) => process.stdout.write(`${line}\n`) });
      process.stdout.write(`replayed ${result.sent}/${result.files} files (${result.spans} spans), ${result.failed} failed\n`);
      setExit(result.failed === 0 ? EXIT.passed : EXIT.runtimeFailure);
    });
}
