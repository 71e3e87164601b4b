// Bundles the in-VS Code suites (test/vscode/suite) into one CommonJS file the extension host
// loads as extensionTestsPath. `vscode` comes from the host; mocha from this repo's node_modules
// (out/ sits inside the repository, so Node's lookup finds it).

import { build } from 'esbuild';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const SUITE_OUT = path.join(ROOT, 'out', 'vscode-test', 'index.js');

export async function buildSuite(): Promise<string> {
  await build({
    entryPoints: [path.join(ROOT, 'test/vscode/suite/index.ts')],
    outfile: SUITE_OUT,
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline',
    external: ['vscode', 'mocha'], logLevel: 'warning',
  });
  return SUITE_OUT;
}
