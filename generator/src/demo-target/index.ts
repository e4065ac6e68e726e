/** The demo target: an inference-like HTTP service for `scaletrace demo`, the k8s manifests and the tests. */
export {
  startDemoTarget, DEMO_TARGET_DEFAULTS,
  type DemoTarget, type DemoTargetOptions, type DemoTargetSettings, type DemoTargetStats,
} from './demo-target';
export { demoTargetCommand } from './demo-target-command';
export { spawnDemoTarget, type DemoTargetProcess } from './spawn-demo-target';
