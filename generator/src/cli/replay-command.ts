import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { replaySpill } from '../telemetry';
import { spillDirsOf } from '../workers';
import { EXIT, UsageError } from './exit-codes';

export function registerReplayCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('replay')
    .description('resend spilled OTLP batches (<results>/spill) to the endpoint in OTEL_EXPORTER_OTLP_*')
    .argument('<spillDir>', 'spill directory of a run')
    .action(async (dir: string) => {
      await checkSpillDir(dir);
      const result = { files: 0, sent: 0, failed: 0, spans: 0 };
      // `--workers` runs: the worker threads' spills are in worker-<n>/ under the run's.
      for (const d of await spillDirsOf(dir)) {
        const r = await replaySpill(d, { log: (line) => process.stdout.write(`${line}\n`) });
        result.files += r.files; result.sent += r.sent; result.failed += r.failed; result.spans += r.spans;
      }
      process.stdout.write(`replayed ${result.sent}/${result.files} files (${result.spans} spans), ${result.failed} failed\n`);
      setExit(result.failed === 0 ? EXIT.passed : EXIT.runtimeFailure);
    });
}

/** A mistyped folder is a one-line usage error, not a raw ENOENT from readdir. */
async function checkSpillDir(dir: string): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new UsageError(`spill folder ${dir} does not exist (a run writes it as <results>/spill, e.g. scaletrace-results/<run-id>/spill)`);
    throw new UsageError(`spill folder ${dir}: ${error.code === 'EACCES' ? 'permission denied' : error.message}`);
  });
  if (!info.isDirectory()) throw new UsageError(`spill folder ${dir} is a file, not a folder (give the run's <results>/spill folder)`);
}
