import type { HpaScope, RangeScope, RunScope } from '@scaletrace/dashboards';

/*
 * The plugin's scopes for the shared query module: concrete run ids, Grafana's own interval and
 * range macros, and the Scaling page's HPA variables. The query strings themselves live only in
 * @scaletrace/dashboards.
 */

export const RATE_INTERVAL = '$__rate_interval';
export const RANGE = '$__range';

/** Every HPA of a run: the Run page shows them all, one series each. */
const ANY = '.+';

export const RUNS_SCOPE: RangeScope = { range: RANGE };

export function runScope(runId: string): RunScope & RangeScope {
  return { runId, interval: RATE_INTERVAL, range: RANGE };
}

export function runHpaScope(runId: string): HpaScope & RangeScope {
  return { runId, hpa: ANY, namespace: ANY, interval: RATE_INTERVAL, range: RANGE };
}

/** The Scaling page compares runs: no run id, HPAs picked by the page's variables. */
export const SCALING_SCOPE: HpaScope & RangeScope = {
  hpa: '$hpa',
  namespace: '$namespace',
  interval: RATE_INTERVAL,
  range: RANGE,
};
