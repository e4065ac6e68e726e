/**
 * Unit tests sit beside the code; tests that start servers or cross packages live in test/.
 * Run through `npm test`: it adds --experimental-vm-modules so ESM-only packages
 * (@kubernetes/client-node) load through dynamic import() inside jest.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/generator/src', '<rootDir>/dashboards/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }] },
  testTimeout: 60000,
  maxWorkers: 2,
};
