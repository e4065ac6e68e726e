export { DATASOURCE_REFS, datasourceVariables } from './datasourceVariables';
