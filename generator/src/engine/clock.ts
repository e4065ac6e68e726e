/** Epoch milliseconds with sub-ms precision; the one time source of the engine (injectable for tests). */
export type Clock = () => number;

const origin = performance.timeOrigin;

export const epochNow: Clock = () => origin + performance.now();
