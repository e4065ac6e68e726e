/** Load presets (spike, stress, soak, daily, progressive): parameters → ordinary stages + a plan to report on. */
export * from './preset-plan';
export { PRESET_NAMES, type PresetName, presetLoadFields, presetKnownKeys } from './preset-schema';
export { presetLoad } from './expand-preset';
export { SPIKE_DEFAULTS } from './spike';
export { STRESS_DEFAULTS } from './stress';
export { SOAK_DEFAULTS } from './soak';
export { DAY_SHAPES } from './daily-shapes';
export { TRAINING_PROFILE } from './training-profile';
