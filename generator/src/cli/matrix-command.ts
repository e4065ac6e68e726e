import * as path from 'node:path';
import type { Command } from 'commander';
import { loadMatrix, runMatrix } from '../matrix';
import { newRunId } from '../runner';
import { EXIT } from './exit-codes';

export function registerMatrixCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('matrix')
    .description('run replicas × load levels × request mixes against a Deployment (replicas pinned per cell, restored afterwards); writes matrix.csv and matrix.md')
    .argument('<matrix>', 'matrix YAML file (docs/matrix.md)')
    .option('-o, --out <dir>', 'results directory (default scaletrace-results/matrix-<id>)')
    .option('--target <url>', 'base URL of the service (replaces the matrix file\'s and the scenario\'s target)')
    .action(async (file: string, o: { out?: string; target?: string }) => {
      const plan = loadMatrix(file, { target: o.target });
      const outDir = o.out ?? path.join('scaletrace-results', `matrix-${newRunId()}`);
      const outcome = await runMatrix({ plan, outDir });
      process.stdout.write(`results: ${path.resolve(outDir)} (matrix.csv, matrix.md)\n`);
      setExit(outcome.interrupted ? EXIT.interrupted : EXIT.passed);
    });
}
