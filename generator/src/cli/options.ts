import { InvalidArgumentError } from 'commander';

/** commander reducer for repeatable options (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--workers N`: a whole number ≥ 1. */
export function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`--workers ${JSON.stringify(value)}: expected a whole number ≥ 1`);
  return n;
}

/** --grafana-url / --tempo-datasource-uid, shared by run, demo and report. */
export interface GrafanaFlags { grafanaUrl?: string; tempoDatasourceUid?: string }

export function addGrafanaOptions<T extends { option(flags: string, description: string): T }>(cmd: T): T {
  return cmd
    .option('--grafana-url <url>', 'link trace ids in report.html to this Grafana\'s Explore (env SCALETRACE_GRAFANA_URL)')
    .option('--tempo-datasource-uid <uid>', 'UID of the Tempo data source in that Grafana (env SCALETRACE_TEMPO_DATASOURCE_UID, default tempo)');
}
