/** Where trace ids link to: Grafana Explore with the Tempo data source (both optional). */
export interface GrafanaLinkOptions {
  /** Grafana base URL, e.g. https://grafana.example.com (no trailing path needed). */
  url: string;
  /** UID of the Tempo data source; default `tempo`. */
  tempoUid: string;
}

export const DEFAULT_TEMPO_UID = 'tempo';

/** A report option the user got wrong (exit 2). */
export class ReportOptionError extends Error {
  override name = 'ReportOptionError';
}

/** CLI flags win over SCALETRACE_GRAFANA_URL / SCALETRACE_TEMPO_DATASOURCE_UID; no URL → no links. */
export function grafanaLinkOptions(flags: { grafanaUrl?: string; tempoUid?: string }, env: NodeJS.ProcessEnv = process.env): GrafanaLinkOptions | undefined {
  const url = (flags.grafanaUrl ?? env.SCALETRACE_GRAFANA_URL ?? '').trim();
  if (url === '') return undefined;
  if (!/^https?:\/\//i.test(url)) throw new ReportOptionError(`Grafana URL must start with http:// or https:// (got ${JSON.stringify(url)})`);
  const tempoUid = (flags.tempoUid ?? env.SCALETRACE_TEMPO_DATASOURCE_UID ?? '').trim() || DEFAULT_TEMPO_UID;
  return { url: url.replace(/\/+$/, ''), tempoUid };
}

/** Grafana Explore (schemaVersion 1 panes) showing one trace from Tempo, over the run's time range. */
export function traceExploreUrl(g: GrafanaLinkOptions, traceId: string, range: { fromMs: number; toMs: number }): string {
  const panes = {
    trace: {
      datasource: g.tempoUid,
      queries: [{ refId: 'A', datasource: { type: 'tempo', uid: g.tempoUid }, queryType: 'traceql', query: traceId }],
      range: { from: String(Math.floor(range.fromMs)), to: String(Math.ceil(range.toMs)) },
    },
  };
  return `${g.url}/explore?schemaVersion=1&orgId=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}
