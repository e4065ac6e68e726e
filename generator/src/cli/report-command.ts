import type { Command } from 'commander';
import { grafanaLinkOptions, writeReport } from '../report';
import { addGrafanaOptions, type GrafanaFlags } from './options';

export function registerReportCommand(program: Command): void {
  addGrafanaOptions(program
    .command('report')
    .description('rebuild report.html in a results directory (from summary.json, timeseries.csv, failures.jsonl)')
    .argument('<dir>', 'results directory of a run'))
    .action(async (dir: string, o: GrafanaFlags) => {
      const grafana = grafanaLinkOptions({ grafanaUrl: o.grafanaUrl, tempoUid: o.tempoDatasourceUid });
      const { file, bytes } = await writeReport(dir, { grafana, generator: 'scaletrace report' });
      process.stdout.write(`report: ${file} (${(bytes / 1024).toFixed(0)} kB)\n`);
    });
}
