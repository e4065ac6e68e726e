import { of, type Observable } from 'rxjs';
import {
  LoadingState,
  getDefaultTimeRange,
  standardTransformers,
  standardTransformersRegistry,
  type DataFrame,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
  PanelPlugin,
  PluginType,
  type PanelData,
  type PanelPluginMeta,
  type ScopedVars,
  type TransformerRegistryItem,
} from '@grafana/data';
import { setDataSourceSrv, setPluginImportUtils, setRunRequest, setTemplateSrv } from '@grafana/runtime';
import { sceneGraph, type SceneObject } from '@grafana/scenes';

/*
 * Scenes without a Grafana server: a data source service that knows a few instances, and a
 * runRequest that records every query and answers with what the test supplies.
 */

export interface FakeDatasource {
  uid: string;
  type: string;
  name: string;
}

export const FAKE_DATASOURCES: FakeDatasource[] = [
  { uid: 'prom-1', type: 'prometheus', name: 'Prometheus' },
  { uid: 'prom-2', type: 'prometheus', name: 'Mimir' },
  { uid: 'tempo-1', type: 'tempo', name: 'Tempo' },
  { uid: 'loki-1', type: 'loki', name: 'Loki' },
];

function instanceSettings(ds: FakeDatasource): DataSourceInstanceSettings {
  return {
    id: 1,
    uid: ds.uid,
    type: ds.type,
    name: ds.name,
    access: 'proxy',
    readOnly: false,
    jsonData: {},
    meta: {
      id: ds.type,
      name: ds.type,
      type: 'datasource',
      info: { logos: { small: '', large: '' } },
      module: '',
      baseUrl: '',
    },
  } as unknown as DataSourceInstanceSettings;
}

/** Resolves `${prometheus}` the way Grafana's data source service does: through the scene asking. */
function find(ref: unknown, scopedVars?: ScopedVars): FakeDatasource | undefined {
  let key = typeof ref === 'string' ? ref : (ref as { uid?: string } | null | undefined)?.uid;
  const sceneObject = (scopedVars?.__sceneObject?.value as { valueOf(): SceneObject } | undefined)?.valueOf();
  if (key && sceneObject) {
    key = sceneGraph.interpolate(sceneObject, key);
  }
  return FAKE_DATASOURCES.find((d) => d.uid === key || d.name === key) ?? (key ? undefined : FAKE_DATASOURCES[0]);
}

/** Every request the scenes sent, with the uid of the data source it went to. */
export const sentRequests: Array<{ uid: string; request: DataQueryRequest }> = [];

export type Responder = (req: DataQueryRequest) => Partial<PanelData> & { series?: DataFrame[] };

let responder: Responder = () => ({ series: [] });

/** What a variable's label_values query returns, as metricFindQuery values. */
let variableValues: (query: unknown) => Array<{ text: string }> = () => [];

export function variableValuesWith(v: typeof variableValues): void {
  variableValues = v;
}

export function respondWith(r: Responder): void {
  responder = r;
}

const panelPlugins = new Map<string, PanelPlugin>();

/** A panel plugin that renders nothing: the tests look at the scene's state and data, not pixels. */
function panelPlugin(id: string): PanelPlugin {
  let plugin = panelPlugins.get(id);
  if (!plugin) {
    plugin = new PanelPlugin(() => null);
    plugin.meta = {
      id,
      name: id,
      type: PluginType.panel,
      module: '',
      baseUrl: '',
      sort: 0,
      info: { logos: { small: '', large: '' } },
    } as unknown as PanelPluginMeta;
    panelPlugins.set(id, plugin);
  }
  return plugin;
}

let installed = false;

/** Installs the fakes (once per test file) and clears what the previous test recorded. */
export function setupSceneTestEnv(): void {
  sentRequests.length = 0;
  responder = () => ({ series: [] });
  variableValues = () => [];
  if (installed) {
    return;
  }
  installed = true;
  // standardTransformers lists some transformers under two names: register each id once.
  const transformers = new Map(Object.values(standardTransformers).map((t) => [t.id, t]));
  standardTransformersRegistry.setInit(() =>
    [...transformers.values()].map(
      (t) =>
        ({ id: t.id, name: t.name, description: t.description ?? '', transformation: t }) as TransformerRegistryItem
    )
  );
  setPluginImportUtils({
    importPanelPlugin: async (id: string) => panelPlugin(id),
    getPanelPluginFromCache: (id: string) => panelPlugin(id),
  });
  setDataSourceSrv({
    get: async (ref: unknown, scopedVars?: ScopedVars) => {
      const ds = find(ref, scopedVars);
      if (!ds) {
        throw new Error(`no data source ${JSON.stringify(ref)}`);
      }
      return {
        uid: ds.uid,
        name: ds.name,
        type: ds.type,
        meta: { id: ds.type },
        getRef: () => ({ uid: ds.uid, type: ds.type }),
        // Annotation queries go through runRequest with the annotation's `target`.
        annotations: {},
        // Template-variable queries (label_values) answer with variableValues.
        metricFindQuery: async (query: unknown) => variableValues(query),
      };
    },
    getInstanceSettings: (ref: unknown, scopedVars?: ScopedVars) => {
      const ds = find(ref, scopedVars);
      return ds ? instanceSettings(ds) : undefined;
    },
    getList: (filters: { pluginId?: string } = {}) =>
      FAKE_DATASOURCES.filter((d) => !filters.pluginId || d.type === filters.pluginId).map(instanceSettings),
    reload: () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as never);
  // Scenes interpolate through their own engine; Grafana's template service is only asked for globals.
  setTemplateSrv({
    replace: (s?: string) => s ?? '',
    getVariables: () => [],
    containsTemplate: () => false,
    updateTimeRange: () => undefined,
  } as never);
  setRunRequest(((ds: { uid: string }, req: DataQueryRequest): Observable<PanelData> => {
    sentRequests.push({ uid: ds.uid, request: req });
    const answer = responder(req);
    return of({
      state: LoadingState.Done,
      series: [],
      timeRange: getDefaultTimeRange(),
      ...answer,
      request: req,
    } as PanelData);
  }) as never);
}

const expression = (t: unknown): string => String((t as { expr?: string }).expr ?? (t as { query?: string }).query);

/** The expressions (PromQL/LogQL `expr` or TraceQL `query`) sent to one data source uid, as the scenes wrote them. */
export function sentQueries(uid: string): string[] {
  return sentRequests.filter((r) => r.uid === uid).flatMap((r) => r.request.targets.map(expression));
}

/**
 * The same after the data source's variable interpolation (Grafana's template service asks the
 * scene through scopedVars.__sceneObject; Prometheus, Tempo and Loki format multi-values as regex).
 */
export function interpolatedQueries(uid: string): string[] {
  return sentRequests
    .filter((r) => r.uid === uid)
    .flatMap((r) => {
      const scene = (r.request.scopedVars?.__sceneObject?.value as { valueOf(): SceneObject } | undefined)?.valueOf();
      return r.request.targets.map((t) =>
        scene ? sceneGraph.interpolate(scene, expression(t), r.request.scopedVars, 'regex') : expression(t)
      );
    });
}
