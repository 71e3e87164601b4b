// One build: esbuild bundles each entry point into dist/ (CommonJS, Node 20).
// The extension keeps `vscode` external; everything else is self-contained.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  { in: 'extension/extension.ts', out: 'extension', external: ['vscode'] },
  { in: 'cli/main.ts', out: 'cli', external: [] },
  { in: 'debug-adapter/main.ts', out: 'debug-adapter', external: [] },
  { in: 'language-server/main.ts', out: 'language-server', external: [] },
];

const production = process.argv.includes('--production');
for (const e of entries) {
  if (!existsSync(e.in)) continue; // entry points arrive with their issues
  await build({
    entryPoints: [e.in],
    outfile: `dist/${e.out}.js`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: !production,
    minify: production,
    external: e.external,
    logLevel: 'warning',
  });
}
console.log('built', entries.filter((e) => existsSync(e.in)).map((e) => `dist/${e.out}.js`).join(', '));
