import * as path from 'node:path';
import type { Command } from 'commander';
import { mergeRequestLogs, mergeShards } from '../merge';
import { failureLine, formatSummary, statusForExit, writeResults } from '../results';
import { writeReport } from '../report';
import { requestSpanDetails } from '../telemetry';
import { readShardFiles } from '../shards';

export function registerMergeCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('merge')
    .description("merge a distributed run's shards (their shard.json) into one summary with exact percentiles")
    .argument('<dirs...>', "shard results directories, or a directory holding them")
    .requiredOption('-o, --out <dir>', 'where the merged summary.{json,md,csv}, timeseries.csv, failures.jsonl, requests.hlog and report.html go')
    .option('--allow-partial', 'merge even when some shards are missing')
    .option('-q, --quiet', 'no end summary')
    .action(async (dirs: string[], o: { out: string; allowPartial?: boolean; quiet?: boolean }) => {
      const shards = await readShardFiles(dirs);
      const merged = mergeShards(shards, { allowPartial: o.allowPartial });
      const outDir = path.resolve(o.out);
      const { run } = merged.summary;
      const startedAt = Date.parse(run.startedAt);
      await writeResults(outDir, merged.summary, merged.rows, merged.failures.map((f) => failureLine(f, startedAt, (r) => requestSpanDetails(r, run.id))));
      const log = await mergeRequestLogs(shards, outDir, { startedAt, endedAt: Date.parse(run.endedAt) });
      for (const w of [...merged.warnings, ...log.warnings]) process.stderr.write(`scaletrace: merge: ${w}\n`);
      const report = await writeReport(outDir, { generator: 'scaletrace merge' });
      if (!o.quiet) {
        const out = process.stdout;
        out.write(`merged ${shards.length} shard${shards.length === 1 ? '' : 's'} of run ${merged.summary.run.id}\n`);
        out.write(`${formatSummary(merged.summary, { color: Boolean(out.isTTY) && !process.env.NO_COLOR })}\n`);
        out.write(`results: ${outDir}\n`);
        out.write(`report:  ${report.file}\n`);
      }
      setExit(statusForExit(merged.summary));
    });
}
