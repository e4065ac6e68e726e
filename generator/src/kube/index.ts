/** The Kubernetes watcher: HPAs, their scale targets, pods and events → samples, logs and scaling episodes. */
export * from './types';
export { startKubeWatcher, parseCpu, parseMemory } from './kube-watcher';
