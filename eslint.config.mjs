// Flat config: typescript-eslint's recommended rules over the TypeScript sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // grafana-plugin lints with its scaffolded config (npm run lint runs both).
  { ignores: ['grafana-plugin/**', '**/dist/**', '**/node_modules/**', 'coverage/**', 'test-artifacts/**', 'scaletrace-results/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // report.html's chart script runs in the browser, with uPlot loaded before it.
    files: ['generator/src/report/browser/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly', document: 'readonly', getComputedStyle: 'readonly', localStorage: 'readonly',
        devicePixelRatio: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', uPlot: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }] },
  },
);
