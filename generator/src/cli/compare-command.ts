import * as path from 'node:path';
import type { Command } from 'commander';
import { CompareInputError, compareLines, compareRuns, loadRuns, parseFailRules, writeComparison } from '../compare';
import { newRunId } from '../runner';
import { EXIT, UsageError } from './exit-codes';
import { collect } from './options';

const RULES_HELP = `
--fail-on rules: <metric>[{name=NAME}] <op> <value>, comma-separated or repeated
  metrics  p50 p95 p99 avg (ms), error_rate success (rates), rps (served rate), lag (worst
           scale-up lag); {name=…} picks a request name (an HPA for lag)
  ops      >  <  >=  <=
  values   absolute: 500ms  2s  1%  0.01  100/s
           against the baseline: +10% -5% (of its value), +50ms +1pp -20/s (added to it)
  A rule is checked on every run but the baseline; when one trips, exit 99.

Examples:
  scaletrace compare results/main results/pr --fail-on "p95 > +10%" --fail-on "error_rate > 1%"
  scaletrace compare results/* --baseline results/v1 --fail-on "p99{name=checkout} > +20%, rps < -5%"`;

export function registerCompareCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description('set runs side by side (compare.html, compare.md, compare.json) with deltas against a baseline; exit 99 when a --fail-on rule trips')
    .argument('<dirs...>', 'results directories (of run, demo or merge)')
    .option('--baseline <dir>', 'the run the others are compared with (default: the first directory)')
    .option('-o, --out <dir>', 'where compare.{html,md,json} go (default scaletrace-results/compare-<id>)')
    .option('--fail-on <rules>', 'regression rules, e.g. "p95 > +10%" (repeatable; see below)', (v: string, previous: string[] | undefined) => collect(v, previous ?? []))
    .option('-q, --quiet', 'print only the rules and where the files are')
    .addHelpText('after', RULES_HELP)
    .action(async (dirs: string[], o: { baseline?: string; out?: string; failOn?: string[]; quiet?: boolean }) => {
      try {
        const rules = parseFailRules(o.failOn ?? []);
        const runs = await loadRuns(dirs, o.baseline);
        const comparison = compareRuns(runs, rules);
        const outDir = path.resolve(o.out ?? path.join('scaletrace-results', `compare-${newRunId()}`));
        await writeComparison(outDir, comparison, runs);
        const lines = compareLines(comparison);
        const shown = o.quiet ? lines.slice(0, lines.indexOf('')) : lines;
        process.stdout.write(`${[...shown, '', `results: ${outDir} (compare.html, compare.md, compare.json)`].join('\n')}\n`);
        setExit(comparison.failed ? EXIT.thresholdsFailed : EXIT.passed);
      } catch (err) {
        if (err instanceof CompareInputError) throw new UsageError(err.message);
        throw err;
      }
    });
}
