export { DATASOURCE_REFS, datasourceVariables } from './datasourceVariables';
export { EXPLORE_PANE_ID, panelExploreUrl, panelMenu } from './panelMenu';
export { EmptyStateScene, NoDataFallback } from './emptyState';
export { missingDatasources, type MissingDatasource } from './missingDatasources';
export { OnboardingScene, onboardingItems } from './onboarding';
