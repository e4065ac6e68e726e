import { readFileSync } from 'fs';
import * as path from 'path';
import {
  DataFrameType,
  FieldType,
  type DataFrame,
  type DataFrameJSON,
  type DataQueryRequest,
  type FieldSchema,
  type FieldValueEntityLookup,
  type QueryResultMeta,
} from '@grafana/data';
import { toDataQueryResponse, type BackendDataSourceResponse } from '@grafana/runtime';
import type { PromQuery, transformV2 as TransformV2 } from '@grafana/prometheus';

import type { PromResponse, RecordedQuery, Recording } from './recordedPrometheus';

export type { PromResponse, PromSeries, RecordedQuery, Recording } from './recordedPrometheus';

/*
 * Prometheus answers as the app's panels receive them in Grafana 12, from answers of a real
 * Prometheus (recorded-prometheus/, written by the end-to-end test) or, where a case cannot be
 * recorded, a Prometheus HTTP API body written here. Three steps, as in Grafana:
 *
 * 1. Grafana's backend (pkg/promlib, Go) calls Prometheus and answers /api/ds/query with
 *    data-plane frames. It cannot run here, so `backendFrames` MIRRORS it. Its sources, all public:
 *    Grafana's data-plane contract (https://grafana.com/developers/dataplane/), the toggle docs,
 *    and what @grafana/prometheus reads from these frames (result_transformer):
 *    - range query (matrix): "timeseries-multi" 0.1, one frame per series: time field `Time`
 *      (epoch ms; config.interval = the step in ms, which transformDFToTable copies) and one number
 *      field with the series' labels;
 *    - instant query (vector): "numeric-multi" 0.1, one frame per series: the same two fields, one
 *      row (the time field is remainder data the contract allows; transformDFToTable reads
 *      fields[0] as the time and fields[1] as the value);
 *    - the number field is named after the `__name__` label when the series has one, else `Value`
 *      (the `prometheusDataplane` behaviour, default since Grafana 10, its toggle removed in 11);
 *      a legendFormat other than `__auto` becomes its config.displayNameFromDS;
 *    - meta.custom.resultType is Prometheus' resultType (transformV2 tests it for exemplars and
 *      Explore tables); meta.executedQueryString ("Expr: …\nStep: …", the query inspector's) and
 *      each field's typeInfo are informational: nothing in the plugin or transformV2 reads them;
 *    - no series: one frame with the type and no fields (the contract's "no data" form);
 *    - JSON cannot carry NaN or ±Inf: the value is null and data.entities says which it was
 *      (the frame JSON encoding @grafana/data's dataFrameFromJSON decodes).
 *    Not checked against a running Grafana (none runs here).
 * 2. The REAL @grafana/runtime `toDataQueryResponse` decodes that response into DataFrames.
 * 3. The REAL @grafana/prometheus `transformV2` (what its data source's query() applies) turns
 *    `format: 'table'` queries into one table per query (`Value #<refId>` columns) and marks the rest.
 *
 * Not mirrored (an error says so): scalar and string results, exemplars, Prometheus warnings.
 */

/**
 * A recording of recorded-prometheus/ by name. Plain JSON, in `.jsonc` files because the plugin's
 * build copies every `.json` file under src/ into the plugin, and these are test data.
 */
export function recording(name: string): Recording {
  return JSON.parse(readFileSync(path.join(__dirname, 'recorded-prometheus', `${name}.jsonc`), 'utf8')) as Recording;
}

// The package's index pulls in its query editor (Monaco, ES modules jest cannot load): take the
// result transformer module itself. Its "exports" map names only the index, hence the file path.
const resultTransformer = path.join(
  path.dirname(require.resolve('@grafana/prometheus/package.json')),
  'dist',
  'cjs',
  'result_transformer.cjs'
);
const { transformV2 } = require(resultTransformer) as { transformV2: typeof TransformV2 };

/** A field on the wire: the Go SDK also says its Go type. */
type WireField = FieldSchema & { typeInfo: { frame: string } };

const ENTITIES: Record<string, keyof FieldValueEntityLookup> = {
  NaN: 'NaN',
  '+Inf': 'Inf',
  '-Inf': 'NegInf',
};

/** Prometheus' sample values (strings) as JSON numbers, with the entities JSON cannot hold. */
function numbers(values: string[]): { values: Array<number | null>; entities: FieldValueEntityLookup | null } {
  const entities: FieldValueEntityLookup = {};
  const out = values.map((v, i) => {
    const entity = ENTITIES[v];
    if (entity) {
      (entities[entity] ??= []).push(i);
      return null;
    }
    return Number(v);
  });
  return { values: out, entities: Object.keys(entities).length > 0 ? entities : null };
}

const legend = (format: string, labels: Record<string, string>): string =>
  format.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, name: string) => labels[name] ?? '');

/** Step 1, mirrored: the data-plane frames Grafana's backend answers for one query. */
export function backendFrames(q: RecordedQuery, target: PromQuery): DataFrameJSON[] {
  const { resultType, result } = q.response.data;
  if (q.response.status !== 'success' || q.response.warnings?.length) {
    throw new Error(`${q.refId}: only successful answers without warnings are mirrored`);
  }
  if (resultType !== 'matrix' && resultType !== 'vector') {
    throw new Error(`${q.refId}: a ${resultType} result is not mirrored`);
  }
  const range = resultType === 'matrix';
  const step = q.params.step;
  const meta: QueryResultMeta = {
    type: range ? DataFrameType.TimeSeriesMulti : DataFrameType.NumericMulti,
    typeVersion: [0, 1],
    custom: { resultType },
    executedQueryString: range ? `Expr: ${q.params.query}\nStep: ${step}s` : `Expr: ${q.params.query}`,
  };
  if (result.length === 0) {
    return [{ schema: { refId: q.refId, meta, fields: [] }, data: { values: [] } }];
  }
  return result.map((series) => {
    const samples = range ? (series.values ?? []) : series.value ? [series.value] : [];
    const value = numbers(samples.map(([, v]) => v));
    const fields: WireField[] = [
      {
        name: 'Time',
        type: FieldType.time,
        typeInfo: { frame: 'time.Time' },
        config: range ? { interval: Number(step) * 1000 } : {},
      },
      {
        name: series.metric.__name__ ?? 'Value',
        type: FieldType.number,
        typeInfo: { frame: 'float64' },
        labels: series.metric,
        config:
          target.legendFormat && target.legendFormat !== '__auto'
            ? { displayNameFromDS: legend(target.legendFormat, series.metric) }
            : {},
      },
    ];
    return {
      schema: { refId: q.refId, meta, fields },
      data: {
        values: [samples.map(([t]) => Math.round(t * 1000)), value.values],
        ...(value.entities ? { entities: [null, value.entities] } : {}),
      },
    };
  });
}

/** The recorded query the plugin's target asks for: same refId, expression and kind, or an error saying to re-record. */
function recordedFor(queries: RecordedQuery[], target: PromQuery): RecordedQuery {
  const q = queries.find((r) => r.refId === target.refId);
  const same =
    q &&
    q.expr === target.expr &&
    q.instant === Boolean(target.instant) &&
    !(target.instant && target.range) &&
    (q.format ?? 'time_series') === (target.format ?? 'time_series') &&
    !target.exemplar;
  if (!same) {
    throw new Error(
      `no recorded answer for query ${target.refId} (${target.expr}, instant: ${target.instant}, format: ${target.format}); ` +
        `the plugin's query changed: re-record (src/test/recorded-prometheus/README.md)`
    );
  }
  return q;
}

/**
 * What a panel's data receives for a request to Prometheus: the recorded answers through the three
 * steps. The request's time range is not consulted: a recording is one answer.
 */
export function prometheusSeries(queries: RecordedQuery[], request: DataQueryRequest): DataFrame[] {
  const targets = request.targets as PromQuery[];
  const results: BackendDataSourceResponse['results'] = {};
  for (const target of targets) {
    results[target.refId] = { status: 200, frames: backendFrames(recordedFor(queries, target), target) };
  }
  const response = toDataQueryResponse({ data: { results } }, targets);
  return transformV2(response, request as DataQueryRequest<PromQuery>, {}).data;
}

/** The request a scene would send with these targets, for plugin functions tested without a scene. */
export function requestOf(targets: PromQuery[]): DataQueryRequest<PromQuery> {
  return { targets, app: 'scenes', requestId: 'test' } as unknown as DataQueryRequest<PromQuery>;
}

type Sample = [seconds: number, value: number];

/** A matrix answer written here, for what the end-to-end test cannot record (several HPAs). */
export function promMatrix(series: Array<{ metric: Record<string, string>; values: Sample[] }>): PromResponse {
  return {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: series.map((s) => ({ metric: s.metric, values: s.values.map(([t, v]) => [t, String(v)]) })),
    },
  };
}

/** A vector answer written here (a run still exporting, which a recording of a finished run cannot be). */
export function promVector(series: Array<{ metric: Record<string, string>; value: Sample }>): PromResponse {
  return {
    status: 'success',
    data: {
      resultType: 'vector',
      result: series.map((s) => ({ metric: s.metric, value: [s.value[0], String(s.value[1])] })),
    },
  };
}
