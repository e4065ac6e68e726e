/** Faults during the load (`faults:`): pods deleted or Deployments scaled through the Kubernetes API, and their impact. */
export { FaultRunner, type FaultExecution } from './fault-runner';
export { faultImpacts, BASELINE_S, P95_BACK_WINDOW_S } from './fault-impact';
