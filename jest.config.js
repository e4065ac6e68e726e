/**
 * Unit tests sit beside the code; tests that start servers or cross packages live in test/.
 * Two projects: the Node packages (ts-jest) and the Grafana plugin (its scaffolded jsdom + swc
 * config, grafana-plugin/jest.config.js). Run through `npm test` (scripts/test.mjs): the Node
 * project gets --experimental-vm-modules so ESM-only packages (@kubernetes/client-node) load
 * through dynamic import(); the plugin project runs in a process without it.
 */
module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/generator/src', '<rootDir>/dashboards/src', '<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }] },
    },
    '<rootDir>/grafana-plugin',
  ],
  testTimeout: 60000,
  // One test file at a time: many tests start servers and child processes and measure timing; two
  // files side by side on a 2-core CI machine starve each other (the schedule-lag and quota tests).
  maxWorkers: 1,
};
