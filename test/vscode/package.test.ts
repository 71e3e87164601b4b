// Packaging: `vsce ls` (through scripts/package.mjs --ls, with the flags `npm run package` uses)
// lists only the bundles and the files the manifest needs; the .vsix built from them holds the
// same files under extension/ and no node_modules, sources or tests.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const ALLOWED = [/^dist\/[\w-]+\.js$/, /^package\.json$/, /^README\.md$/i, /^LICENSE(\.\w+)?$/, /^syntaxes\/[\w.-]+\.json$/, /^language-configuration\.json$/, /^media\//];
const REQUIRED = ['dist/extension.js', 'dist/debug-adapter.js', 'dist/language-server.js', 'package.json', 'README.md', 'syntaxes/arm64-asm.tmLanguage.json', 'language-configuration.json'];

describe('extension packaging (.vsix)', function () {
  this.timeout(300000);
  before(() => {
    if (!existsSync(path.join(ROOT, 'dist', 'extension.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
  });

  it('vsce ls lists the bundles and the manifest\'s files, nothing else', () => {
    const files = execFileSync(process.execPath, ['scripts/package.mjs', '--ls'], { cwd: ROOT, encoding: 'utf8' }).split('\n').map((l) => l.trim()).filter(Boolean);
    for (const f of REQUIRED) assert.ok(files.includes(f), `${f} missing from ${files.join(', ')}`);
    const stray = files.filter((f) => !ALLOWED.some((r) => r.test(f)));
    assert.deepEqual(stray, [], 'files that must not ship');
    assert.ok(!files.some((f) => f.endsWith('.map') || f.endsWith('.ts') || f.startsWith('node_modules/')));
  });

  it('npm run package builds a .vsix whose manifest points at files it holds', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'armvirt-vsix-'));
    try {
      const out = path.join(dir, 'armvirt.vsix');
      execFileSync(process.execPath, ['scripts/package.mjs', '--no-build', '--out', out], { cwd: ROOT, stdio: 'ignore' });
      const entries = execFileSync('unzip', ['-Z1', out], { encoding: 'utf8' }).split('\n').filter(Boolean);
      const ext = entries.filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length));
      assert.ok(!ext.some((e) => e.startsWith('node_modules/') || /\.(ts|map)$/.test(e) || e.startsWith('test/')), ext.join(', '));
      const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; contributes: { debuggers: { program: string }[]; grammars: { path: string }[] } };
      for (const p of [pkg.main, pkg.contributes.debuggers[0].program, pkg.contributes.grammars[0].path]) {
        assert.ok(ext.includes(path.posix.normalize(p)), `${p} is not in the .vsix`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
