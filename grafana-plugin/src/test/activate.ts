import { act } from '@testing-library/react';
import type { SceneObject } from '@grafana/scenes';

/** Activates a scene object and everything under it, variables first, as rendering would. */
function activateTree(scene: SceneObject): () => void {
  const deactivate: Array<() => void> = [];
  if (scene.state.$variables) {
    deactivate.push(activateTree(scene.state.$variables));
  }
  scene.forEachChild((child) => {
    deactivate.push(activateTree(child));
  });
  deactivate.push(scene.activate());
  return () => deactivate.reverse().forEach((d) => d());
}

const active: Array<() => void> = [];

// Deactivating stops what activation started (subscriptions, refresh timers) after each test.
afterEach(() => active.splice(0).forEach((deactivate) => deactivate()));

/** Activates the whole tree and lets variables and queries settle. */
export async function activate(scene: SceneObject): Promise<void> {
  await act(async () => {
    active.push(activateTree(scene));
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 0));
    }
  });
}
