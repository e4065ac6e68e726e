import { DASHBOARD_QUERIES, type DashboardQueryId } from '../query/dashboard-queries';

/*
 * Small builders for Grafana dashboard JSON (schema 39, Grafana 10/11). Data sources are the
 * dashboard's datasource variables, never fixed UIDs; every query comes from DASHBOARD_QUERIES by id.
 */

export type Json = { [key: string]: unknown };
export type DataSourceType = 'prometheus' | 'tempo' | 'loki';

export const ds = (type: DataSourceType): Json => ({ type, uid: `\${${type}}` });

const DS_OF_LANGUAGE = { promql: 'prometheus', traceql: 'tempo', logql: 'loki' } as const;

export interface TargetOptions { legend?: string; exemplar?: boolean; instant?: boolean }

/** A panel target for a query id: `expr` for Prometheus and Loki, `query` (TraceQL) for Tempo. */
export function target(id: DashboardQueryId, refId: string, o: TargetOptions = {}): Json {
  const q = DASHBOARD_QUERIES[id];
  const type = DS_OF_LANGUAGE[q.language];
  if (type === 'tempo') return { refId, datasource: ds(type), queryType: 'traceql', query: q.expr, limit: 100, tableType: 'spans' };
  if (type === 'loki') return { refId, datasource: ds(type), expr: q.expr, queryType: o.instant ? 'instant' : 'range' };
  return {
    refId, datasource: ds(type), expr: q.expr, legendFormat: o.legend ?? '__auto',
    range: !o.instant, instant: o.instant ?? false, ...(o.exemplar ? { exemplar: true } : {}),
  };
}

export interface PanelSize { w: number; h: number }

/** Lays panels out left to right, wrapping at Grafana's 24 columns. */
export class Grid {
  private x = 0;
  private y = 0;
  private rowHeight = 0;
  private id = 0;

  place(size: PanelSize): { id: number; gridPos: Json } {
    if (this.x + size.w > 24) { this.x = 0; this.y += this.rowHeight; this.rowHeight = 0; }
    const gridPos = { x: this.x, y: this.y, w: size.w, h: size.h };
    this.x += size.w;
    this.rowHeight = Math.max(this.rowHeight, size.h);
    return { id: ++this.id, gridPos };
  }
}

export interface PanelSpec {
  title: string;
  description?: string;
  unit?: string;
  targets: Json[];
  /** Replica counts are integers that change in steps: draw them as steps, not slopes. */
  steps?: boolean;
}

export function timeseries(grid: Grid, p: PanelSpec, size: PanelSize = { w: 12, h: 8 }): Json {
  const custom: Json = { lineWidth: 1, fillOpacity: 0, showPoints: 'never', ...(p.steps ? { lineInterpolation: 'stepAfter' } : { lineInterpolation: 'linear' }) };
  return {
    ...grid.place(size), type: 'timeseries', title: p.title, ...(p.description ? { description: p.description } : {}),
    datasource: p.targets[0]?.datasource, targets: p.targets,
    fieldConfig: { defaults: { unit: p.unit ?? 'short', custom }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'none' } },
  };
}

export function stat(grid: Grid, p: PanelSpec, size: PanelSize = { w: 4, h: 4 }): Json {
  return {
    ...grid.place(size), type: 'stat', title: p.title, ...(p.description ? { description: p.description } : {}),
    datasource: p.targets[0]?.datasource, targets: p.targets,
    fieldConfig: { defaults: { unit: p.unit ?? 'short', decimals: 1 }, overrides: [] },
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'none', textMode: 'auto', orientation: 'auto' },
  };
}

export function table(grid: Grid, p: PanelSpec, size: PanelSize = { w: 24, h: 9 }): Json {
  return {
    ...grid.place(size), type: 'table', title: p.title, ...(p.description ? { description: p.description } : {}),
    datasource: p.targets[0]?.datasource, targets: p.targets,
    fieldConfig: { defaults: { unit: p.unit ?? 'short' }, overrides: [] }, options: { showHeader: true, cellHeight: 'sm' },
  };
}

/** An annotation from a Prometheus or Loki query id. */
export function annotation(name: string, id: DashboardQueryId, iconColor: string, titleFormat?: string): Json {
  const q = DASHBOARD_QUERIES[id];
  const type = DS_OF_LANGUAGE[q.language];
  return {
    name, enable: true, iconColor, datasource: ds(type),
    target: { refId: 'Anno', expr: q.expr, ...(type === 'prometheus' ? { step: '5s' } : {}) },
    ...(titleFormat ? { titleFormat } : {}),
  };
}

export interface DashboardSpec {
  title: string;
  description: string;
  variables: Json[];
  annotations?: Json[];
  panels: Json[];
}

/** The dashboard model. No `uid` or `id`: Grafana's file provisioning assigns them. */
export function dashboard(d: DashboardSpec): Json {
  return {
    title: d.title, description: d.description, tags: ['scaletrace'], editable: true, graphTooltip: 1,
    schemaVersion: 39, time: { from: 'now-1h', to: 'now' }, refresh: '30s', timezone: '',
    templating: { list: d.variables },
    annotations: { list: d.annotations ?? [] },
    panels: d.panels,
  };
}
