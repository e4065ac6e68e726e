/** The Kubernetes watcher: HPAs, their scale targets, pods and events → samples, logs and scaling episodes. */
export * from './types';
export { startKubeWatcher } from './kube-watcher';
export { parseCpu, parseMemory } from './quantities';
export { FAULTS_RBAC, MATRIX_RBAC, type RbacRule } from './control-rbac';
export { WorkloadControl, WorkloadControlError, type PodState, type DeploymentReplicas, type HpaRange } from './workload-control';
export { connect } from './client';
