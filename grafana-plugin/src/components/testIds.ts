export const testIds = {
  appConfig: {
    container: 'data-testid ac-container',
    prometheus: 'data-testid ac-prometheus',
    tempo: 'data-testid ac-tempo',
    loki: 'data-testid ac-loki',
    submit: 'data-testid ac-submit-form',
  },
  run: {
    failedRequests: 'data-testid run-failed-requests',
    traceView: 'data-testid run-trace-view',
  },
  scaling: {
    createAlertRules: 'data-testid scaling-create-alert-rules',
  },
};
