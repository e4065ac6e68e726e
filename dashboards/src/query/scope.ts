/**
 * What a query is about. Dashboards pass Grafana variables (DASHBOARD_SCOPE); the app plugin
 * passes concrete values. `hpa` and `namespace` are regular expressions (Grafana renders a
 * multi-value variable as `(a|b)`), `runId` is matched exactly.
 */
export interface RunScope {
  runId: string;
  /** Range of rate()/increase() windows, e.g. `$__rate_interval` or `1m`. */
  interval: string;
}

export interface HpaScope {
  /** Exact run id, or undefined for every run (the Scaling views compare runs). */
  runId?: string;
  hpa: string;
  namespace: string;
  interval: string;
}

export interface RangeScope {
  /** The whole time range, e.g. `$__range` or `6h`. */
  range: string;
}

/** Grafana's variables, as the provisioned dashboards use them. */
export const DASHBOARD_SCOPE = {
  runId: '$run_id',
  hpa: '$hpa',
  namespace: '$namespace',
  interval: '$__rate_interval',
  range: '$__range',
  /**
   * Annotation queries look for a change between two exports (5 s apart): `$__interval` can be
   * shorter than that on a short range and would hold one sample, so they use the rate interval.
   */
  annotationInterval: '$__rate_interval',
} as const;

/** Every template variable the dashboards define, by name. */
export const DASHBOARD_VARIABLES = {
  run: 'run_id',
  namespace: 'namespace',
  hpa: 'hpa',
  prometheus: 'prometheus',
  tempo: 'tempo',
  loki: 'loki',
} as const;
