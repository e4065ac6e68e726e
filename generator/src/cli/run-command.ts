import * as path from 'node:path';
import type { Command } from 'commander';
import { checkDataFiles } from '../test-data';
import { PRESET_NAMES, loadScenario } from '../scenario';
import { runScenario } from '../runner';
import { resolveDistributedRun } from '../shards';
import { defaultWorkers } from '../workers';
import { grafanaLinkOptions } from '../report';
import { addGrafanaOptions, collect, parseMaxDuration, parseWorkers, type GrafanaFlags } from './options';
import { DEFAULT_MAX_DURATION_MS, checkMaxDuration, presetPlanNotice } from './plan-guard';

export function registerRunCommand(program: Command, setExit: (code: number) => void): void {
  addGrafanaOptions(program
    .command('run')
    .description('run a scenario; results go to --out (default scaletrace-results/<run-id>/)')
    .argument('<scenario>', 'scenario YAML file')
    .option('-o, --out <dir>', 'results directory')
    .option('--run-id <id>', 'run id shared by all telemetry (default: generated)')
    .option('-t, --target <url>', 'base URL overriding the scenario target')
    .option('--set <key=value>', 'override a scenario field, e.g. load.stages[1].rate=400 (repeatable)', collect, [])
    .option('--preset <name>', `run this preset with its load.<name> parameters or defaults (${PRESET_NAMES.join(', ')})`)
    .option('--worker-index <n>', 'loadtest.worker.index of this process (default: the shard index)', (v) => Number.parseInt(v, 10))
    .option('-w, --workers <n>', 'worker threads sharing the load (default: one per core for large runs, 1 for small ones)', parseWorkers)
    .option('--max-duration <duration>', 'refuse a plan that runs longer than this (default 1h); raise it to run a longer one, e.g. --max-duration 24h', parseMaxDuration)
    .option('--shard <index/count>', 'run shard INDEX (0-based) of COUNT of a distributed run; default from JOB_COMPLETION_INDEX and SCALETRACE_SHARDS')
    .option('-q, --quiet', 'no progress line or end summary (a preset\'s plan and warnings such as an unreachable collector still go to stderr)'))
    .action(async (file: string, o: { out?: string; runId?: string; target?: string; set: string[]; workerIndex?: number; workers?: number; shard?: string; quiet?: boolean; preset?: string; maxDuration?: number } & GrafanaFlags) => {
      const grafana = grafanaLinkOptions({ grafanaUrl: o.grafanaUrl, tempoUid: o.tempoDatasourceUid });
      const loaded = loadScenario(file, { overrides: o.set, target: o.target, preset: o.preset });
      checkDataFiles(loaded.data);
      // On stderr even with --quiet: what a preset expands to is not written in the file.
      const notice = presetPlanNotice(loaded);
      if (notice !== undefined) process.stderr.write(notice);
      checkMaxDuration(loaded, o.maxDuration ?? DEFAULT_MAX_DURATION_MS);
      const warn = (message: string): void => { process.stderr.write(`scaletrace: ${message}\n`); };
      const dist = await resolveDistributedRun({ scenario: loaded, shardOption: o.shard, runIdOption: o.runId, env: process.env, warn });
      const scenario = dist?.scenario ?? loaded;
      const runId = dist?.runId ?? o.runId;
      const outDir = o.out ?? (dist !== undefined && runId !== undefined ? path.join('scaletrace-results', runId, `shard-${dist.share.index}`) : undefined);
      const outcome = await runScenario({
        scenario, outDir, runId, quiet: o.quiet, grafana,
        workerIndex: o.workerIndex ?? dist?.share.index ?? 0,
        workers: o.workers ?? defaultWorkers(scenario),
        share: dist?.share, startAt: dist?.startAt,
        shard: dist === undefined ? undefined : { start: dist.start },
      });
      setExit(outcome.exitCode);
    });
}
