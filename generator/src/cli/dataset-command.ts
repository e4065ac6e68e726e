import type { Command } from 'commander';
import { analysisLines, DatasetInputError, exportDataset } from '../dataset';
import { parseDuration } from '../scenario';
import { UsageError } from './exit-codes';

export function registerDatasetCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('dataset')
    .description('training data for predictive autoscalers: one aligned CSV per run (per step: target, rps, p50/p95/p99, errors, HPA replicas, pod CPU/memory) and a replica-balance analysis')
    .argument('<results...>', 'results directories of scaletrace runs')
    .option('--step <duration>', 'row interval, a whole number of seconds', '15s')
    .option('-o, --out <dir>', 'write <run-id>.csv and the analysis here (default: dataset.csv inside each results directory)')
    .action(async (dirs: string[], o: { step: string; out?: string }) => {
      let stepMs: number;
      try {
        stepMs = parseDuration(o.step);
      } catch (error) {
        throw new UsageError(`--step: ${(error as Error).message}`);
      }
      if (stepMs < 1000 || stepMs % 1000 !== 0) throw new UsageError(`--step: must be a whole number of seconds (the runs record per second), got ${o.step}`);
      for (const dir of dirs) {
        try {
          const e = await exportDataset(dir, { stepMs, outDir: o.out });
          process.stdout.write(`${analysisLines(e).join('\n')}\n`);
        } catch (error) {
          if (error instanceof DatasetInputError) throw new UsageError(error.message);
          throw error;
        }
      }
      setExit(0);
    });
}
