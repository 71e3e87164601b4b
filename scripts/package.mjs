// npm run package: the extension as a .vsix holding the esbuild bundles only (dist/*.js), the
// manifest, README, LICENSE when present, the grammar, the language configuration and media —
// no node_modules (the bundles are self-contained: --no-dependencies), no sources, no tests.
// .vscodeignore holds the file list; test/vscode/package.test.ts checks it with `vsce ls`
// (`node scripts/package.mjs --ls`). Options: --out FILE, --no-build.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`);

/** `vsce ls` and `vsce package` must agree on the file list: the same file-selection flag. */
const FILE_FLAGS = ['--no-dependencies'];
const PACKAGE_FLAGS = [...FILE_FLAGS, '--allow-missing-repository', '--no-rewrite-relative-links', ...(existsSync(join(root, 'LICENSE')) ? [] : ['--skip-license'])];

const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
if (process.argv.includes('--ls')) {
  // `vsce ls` with the packaging flags: the files the .vsix would hold, one per line.
  execFileSync(process.execPath, [vsce, 'ls', ...FILE_FLAGS], { cwd: root, stdio: 'inherit' });
} else {
  if (!process.argv.includes('--no-build')) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [vsce, 'package', ...PACKAGE_FLAGS, '--out', out], { cwd: root, stdio: 'inherit' });
}
