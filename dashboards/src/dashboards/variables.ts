import { VARIABLE_QUERIES } from '../query/variables';
import { ds, type DataSourceType, type Json } from './panels';

/* Template variables: data sources first (so the dashboards work with any provisioned UIDs), then labels. */

export function datasourceVariable(type: DataSourceType, label: string): Json {
  return { name: type, label, type: 'datasource', query: type, current: {}, hide: 0, refresh: 1, options: [] };
}

type VariableQuery = keyof typeof VARIABLE_QUERIES;

export function queryVariable(name: string, label: string, query: VariableQuery, multi: boolean): Json {
  const q = VARIABLE_QUERIES[query];
  return {
    name, label, type: 'query', datasource: ds('prometheus'), definition: q,
    query: { query: q, refId: `${name}-variable`, qryType: 1 }, refresh: 2, sort: 1, hide: 0,
    ...(multi ? { multi: true, includeAll: true, allValue: '.*' } : { multi: false, includeAll: false }),
    current: {}, options: [],
  };
}
