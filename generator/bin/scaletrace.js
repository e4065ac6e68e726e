#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled TypeScript in ../dist (built by `npm ci` via the root `prepare`).
require('../dist/cli/main.js').main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`scaletrace: ${err && err.message ? err.message : String(err)}\n`); process.exitCode = 1; },
);
