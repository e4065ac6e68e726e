// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// jsdom lacks the observers @grafana/scenes and @grafana/ui use for lazy loading and sizing:
// report every element as visible, with no size changes.
class NoopObserver {
  constructor(callback) {
    this.callback = callback;
  }
  observe(target) {
    this.callback?.([{ target, isIntersecting: true, intersectionRatio: 1 }], this);
  }
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
global.IntersectionObserver = global.IntersectionObserver ?? NoopObserver;
global.ResizeObserver =
  global.ResizeObserver ??
  class extends NoopObserver {
    observe() {}
  };

// Combobox measures option text on a canvas; the scaffold's getContext stub returns nothing.
HTMLCanvasElement.prototype.getContext = () => ({ measureText: (text) => ({ width: String(text).length * 7 }), font: '' });
