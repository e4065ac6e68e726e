import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../scenario';

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

/** `--max-duration 2h`: a duration > 0 (no "0 = unlimited": raise it instead). */
export function parseMaxDuration(value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch {
    throw new InvalidArgumentError(`--max-duration ${JSON.stringify(value)}: expected a duration such as 30m, 2h or 24h`);
  }
  if (!(ms > 0)) throw new InvalidArgumentError(`--max-duration ${JSON.stringify(value)}: must be > 0 (to run a longer plan, raise it, e.g. 24h)`);
  return ms;
}

/** --grafana-url / --tempo-datasource-uid, shared by run, demo and report. */
export interface GrafanaFlags { grafanaUrl?: string; tempoDatasourceUid?: string }

export function addGrafanaOptions<T extends { option(flags: string, description: string): T }>(cmd: T): T {
  return cmd
    .option('--grafana-url <url>', 'link trace ids in report.html to this Grafana\'s Explore (env SCALETRACE_GRAFANA_URL)')
    .option('--tempo-datasource-uid <uid>', 'UID of the Tempo data source in that Grafana (env SCALETRACE_TEMPO_DATASOURCE_UID, default tempo)');
}
