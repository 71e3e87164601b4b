#!/usr/bin/env node
// The armvirt command. A packaged install runs the esbuild bundle; a source checkout
// (npm ci, no build yet) runs the TypeScript sources through tsx.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli.js');
if (existsSync(bundle) && !process.env.ARMVIRT_FROM_SOURCE) {
  require(bundle).main(process.argv.slice(2)).then((code) => process.exit(code));
} else {
  require('tsx/cjs');
  require(join(__dirname, '..', 'cli', 'main.ts')).main(process.argv.slice(2)).then((code) => process.exit(code));
}
