// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const path = require('path');
const scaffold = require('./.config/jest.config');

/*
 * The scaffold's config (jsdom, swc), extended: a project of the root jest (root jest.config.js
 * lists this folder); @scaletrace/dashboards read from its TypeScript source so the tests need no
 * build; d3's `.mjs` builds transformed like the other ES modules; yaml's Node (CommonJS) build,
 * not the ES module jsdom's "browser" condition picks. Playwright specs live in tests/ (outside
 * src/), which testMatch never reaches.
 */
const [[swcPattern, swcTransform]] = Object.entries(scaffold.transform);

module.exports = {
  ...scaffold,
  displayName: 'grafana-plugin',
  rootDir: __dirname,
  moduleNameMapper: {
    ...scaffold.moduleNameMapper,
    '^@scaletrace/dashboards$': path.join(__dirname, '..', 'dashboards', 'src', 'index.ts'),
    '^yaml$': require.resolve('yaml'),
  },
  transform: { [swcPattern]: swcTransform, '^.+\\.mjs$': swcTransform },
};
