/** The Kubernetes watcher: HPAs, their scale targets, pods and events → samples, logs and scaling episodes. */
export * from './types';
export { startKubeWatcher } from './kube-watcher';
export { parseCpu, parseMemory } from './quantities';
