// Public surface of @scaletrace/dashboards: the shared query module.
export * from './queries';
